app_name = "eds"

urlpatterns: list = []
