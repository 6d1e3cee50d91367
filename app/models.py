"""Every model module, imported once so that SQLAlchemy and Alembic see the whole schema."""

from app.auth.models import RoleGrant, User
from app.courses.models import Course, CourseMedia, CourseVersion, LessonPage, MediaBlob
from app.orgs.models import Invitation, Organisation

__all__ = [
    "Course", "CourseMedia", "CourseVersion", "Invitation", "LessonPage", "MediaBlob", "Organisation", "RoleGrant", "User",
]
