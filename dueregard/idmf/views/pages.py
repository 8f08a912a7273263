"""The screening and step pages, rendered from two places: their own views, and the comment
view when a comment cannot be added (its errors are shown on the page, in the NHS.UK error
summary, with what was typed kept)."""

from __future__ import annotations

from django.shortcuts import render

from .. import population_sources
from ..forms import CommentForm, ImpactGridForm, QuestionsForm
from ..services import checks, framework, history

RECENT_CHANGES = 5


def comment_form(assessment, step_code: str, data=None) -> CommentForm:
    # Own ids ("comment-body") so they never clash with the answers' fields on the page.
    return CommentForm(assessment, step_code, data, auto_id="comment-%s")


def _comments_context(decision, assessment, step_code: str, form) -> dict:
    return {
        "comments": list(assessment.comments.filter(step=step_code).select_related("author")),
        "comment_form": form if form is not None else comment_form(assessment, step_code),
        "comment_step": step_code,
        "changes": history.rows(decision, step=step_code, limit=RECENT_CHANGES),
        "group_name": lambda code: framework.group_name(assessment, code),
    }


def screening_form(assessment, data=None) -> QuestionsForm:
    spec = framework.idmf(assessment)
    return QuestionsForm(
        spec.screening.questions, spec, data, initial_answers=assessment.screening_answers
    )


def render_screening(request, decision, assessment, *, form=None, comments=None, status=200):
    spec = framework.idmf(assessment)
    form = form if form is not None else screening_form(assessment)
    return render(
        request,
        "idmf/screening.html",
        {
            "form": ErrorForms(form, comments),
            "qform": form,
            "decision": decision,
            "spec": spec,
            **_comments_context(decision, assessment, "screening", comments),
        },
        status=status,
    )


def step_forms(assessment, step_code: str, data=None, *, draft=False):
    """The step's answers form and, on the impact step, the impact grid."""
    spec = framework.idmf(assessment)
    initial = dict(assessment.answers)
    if step_code == "define":
        initial = {**framework.define_defaults(assessment.decision), **initial}
    questions = framework.step_questions(spec, step_code)
    form = QuestionsForm(questions, spec, data, initial_answers=initial, draft=draft)
    grid = ImpactGridForm(assessment, data, draft=draft) if step_code == "assess-impact" else None
    return form, grid


def render_step(request, decision, assessment, step, *, forms=None, comments=None, status=200):
    spec = framework.idmf(assessment)
    form, grid = forms if forms is not None else step_forms(assessment, step.code)
    code = step.code
    return render(
        request,
        "idmf/step.html",
        {
            "form": ErrorForms(form, grid, comments),
            "qform": form,
            "grid": grid,
            "decision": decision,
            "assessment": assessment,
            "step": step,
            "spec": spec,
            "steps": spec.steps,
            "engagement": list(assessment.engagement.all()) if code == "engage" else [],
            "actions": list(assessment.actions.all()) if code == "mitigate-decide" else [],
            "problems": checks.problems(assessment) if code == "mitigate-decide" else [],
            "who_lives_here": population_sources.profiles(decision) if code == "evidence" else [],
            **_comments_context(decision, assessment, code, comments),
        },
        status=status,
    )


class ErrorForms:
    """The page's forms shown as one for the error summary and the page title."""

    def __init__(self, *forms):
        self.forms = [f for f in forms if f is not None]

    @property
    def errors(self):
        out = {}
        for f in self.forms:
            out.update(f.errors)
        return out

    def non_field_errors(self):
        return [e for f in self.forms for e in f.non_field_errors()]

    def __getitem__(self, name):
        for f in self.forms:
            if name in f.fields:
                return f[name]
        raise KeyError(name)

    def __bool__(self):
        return True
