from app.auth.models import Role
from tests import factories


def test_admin_signs_in_and_sees_the_user_list(client, auth):
    factories.user(email="admin@example.org", name="Ada", role=Role.ADMIN)
    response = auth.login("admin@example.org")
    assert response.status_code == 302
    page = client.get("/admin/users")
    assert page.status_code == 200
    assert "admin@example.org" in page.get_data(as_text=True)
