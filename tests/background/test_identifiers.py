from dueregard.background.identifiers import find, nhs_number_valid


def test_nhs_number_checksum():
    assert nhs_number_valid("943 476 5919")
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")  # wrong check digit
    assert not nhs_number_valid("1111111111")
    assert not nhs_number_valid("94347659")


def test_columns_with_direct_identifiers_are_reported_unless_mapped():
    columns = [
        ("NHS No", ["943 476 5919", "9434765870", ""]),
        ("Staff ID", ["1234567890", "1234567891"]),  # ten digits, wrong check digits
        ("Date of birth", ["01/02/1980", "1975-06-30"]),
        ("Start date", ["01/02/2020", "2021-06-30"]),
        ("Home postcode", ["LS1 4AP", "SW1A 1AA"]),
        ("Surname", ["Smith", "Jones"]),
        ("Ethnicity", ["White British", "Indian"]),
        ("Name", ["Ann"]),
    ]
    found = {f["column"]: f["kind"] for f in find(columns, used={"Name"})}
    assert found == {
        "NHS No": "nhs_number",
        "Date of birth": "date_of_birth",
        "Home postcode": "postcode",
        "Surname": "name",
    }
