"""The member's professional contacts (name, role, phone): add and change. Moving,
deleting and undoing go through the contact routes, which know both kinds."""

from __future__ import annotations

from server.offline.once import acts_once
from server.plan.contact_views import contact_page
from server.plan.forms import ProfessionalForm
from server.plan.models import PROFESSIONAL
from server.plan.views import bp


@bp.route("/professionals/new", methods=["GET", "POST"])
@bp.route("/professionals/<int:professional_id>/edit", methods=["GET", "POST"])
@acts_once
def professional(professional_id: int | None = None):
    return contact_page(PROFESSIONAL, ProfessionalForm, "plan/professional.html", professional_id)
