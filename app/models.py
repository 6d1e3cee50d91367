"""Every model module, imported once so that SQLAlchemy and Alembic see the whole schema."""

from app.auth.models import RoleGrant, User
from app.certificates.models import Certificate, CertificateRevision
from app.courses.models import (
    CheckAnswer,
    Course,
    CourseMedia,
    CourseVersion,
    Enrolment,
    LessonPage,
    LessonProgress,
    MediaBlob,
    Reflection,
)
from app.orgs.models import Invitation, Organisation
from app.quiz.models import QuizAnswer, QuizAttempt

__all__ = [
    "Certificate", "CertificateRevision", "CheckAnswer", "Course", "CourseMedia", "CourseVersion", "Enrolment",
    "Invitation", "LessonPage", "LessonProgress", "MediaBlob", "Organisation", "QuizAnswer", "QuizAttempt",
    "Reflection", "RoleGrant", "User",
]
