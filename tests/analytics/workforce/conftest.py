import pytest

from dueregard.analytics.synth import write_workforce


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    write_workforce(out, staff=3000, seed=7)
    return out
