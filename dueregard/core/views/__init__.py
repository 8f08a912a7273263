"""Views of the core: load, authorise, call one service, render or redirect."""
