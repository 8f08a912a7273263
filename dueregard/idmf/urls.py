app_name = "idmf"

urlpatterns: list = []
