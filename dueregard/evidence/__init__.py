"""The evidence workspace: datasets uploaded in the app and safe analyses of them."""
