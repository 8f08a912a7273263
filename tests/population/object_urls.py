"""The population app has no URL with an object id: the ONS figures are public reference
data and the areas served are reached only through the scope."""

OBJECT_URL_FACTORIES: dict = {}
