"""Trainings: built from blocks, one step a page, private progress."""

import json
from pathlib import Path

import pytest
from wagtail.blocks import StructBlockValidationError

from cms.blocks import ChoiceQuestionBlock
from cms.models import TrainingIndexPage, TrainingPage, TrainingProgress
from retention.export import employee_data

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parents[2] / "cms" / "content" / "trainings"
REQUIRED = {
    "Energie verdelen": "employee",
    "Grenzen aangeven": "employee",
    "Veerkracht na een tegenslag": "employee",
    "Het gesprek beginnen": "supervisor",
    "De ziekmelding: wel of geen duwtje": "supervisor",
}


@pytest.fixture
def training(loaded):
    return TrainingPage.objects.get(
        locale__language_code="nl", slug="de-ziekmelding-wel-of-geen-duwtje"
    )


def test_the_five_trainings_are_shipped_and_published(loaded):
    trainings = {page.title: page for page in TrainingPage.objects.live()}
    assert {title: trainings[title].audience for title in REQUIRED} == REQUIRED
    for page in trainings.values():
        assert page.get_parent().specific_class is TrainingIndexPage
        assert 3 <= page.step_count <= 6, page.title
        assert page.minutes and page.topic_id and page.summary
        kinds = {
            child.block_type for step in page.steps for child in step.value["content"]
        }
        # Text and at least two of: example, reflection, exercise, question.
        assert "text" in kinds, page.title
        assert len(kinds & {"example", "reflection", "exercise", "question"}) >= 2


def test_the_sick_call_training_is_built_around_situations_with_feedback(training):
    situations = [
        child.value
        for step in training.steps
        for child in step.value["content"]
        if child.block_type == "question" and child.value["kind"] == "situation"
    ]
    assert len(situations) >= 3
    for situation in situations:
        assert situation["situation"]
        assert len(situation["choices"]) >= 3
        assert all(choice["feedback"] for choice in situation["choices"])
        assert any(choice["good"] for choice in situation["choices"])
        assert not all(choice["good"] for choice in situation["choices"])


def test_every_training_page_and_step_renders_without_javascript(client, loaded):
    index = TrainingIndexPage.objects.get(locale__language_code="nl")
    response = client.get(index.url)
    assert response.status_code == 200
    for page in TrainingPage.objects.live().filter(locale__language_code="nl"):
        assert page.title in response.content.decode()
        overview = client.get(page.url)
        assert overview.status_code == 200
        assert f'href="{page.url}stap/1/"' in overview.content.decode()
        for number, step in enumerate(page.steps, start=1):
            answer = client.get(f"{page.url}stap/{number}/")
            assert answer.status_code == 200, (page.title, number)
            html = answer.content.decode()
            assert step.value["title"] in html
            assert f"Stap {number} van {page.step_count}" in html
        assert client.get(f"{page.url}stap/{page.step_count + 1}/").status_code == 404
        assert client.get(f"{page.url}stap/0/").status_code == 404


def test_choosing_an_answer_shows_its_feedback_and_changes_nothing(client, training):
    number, child = next(
        (number, child)
        for number, step in enumerate(training.steps, start=1)
        for child in step.value["content"]
        if child.block_type == "question" and child.value["kind"] == "situation"
    )
    choices = child.value["choices"]
    url = f"{training.url}stap/{number}/"
    before = client.get(url).content.decode()
    assert choices[0]["feedback"] not in before

    for index, choice in enumerate(choices):
        html = client.get(url, {"vraag": child.id, "keuze": index}).content.decode()
        feedback = html.split('choice-feedback" role="status"', 1)[1].split(
            "</div>", 1
        )[0]
        assert choice["feedback"] in feedback
        verdict = "Dat helpt." if choice["good"] else "Denk nog eens na."
        assert verdict in feedback
        # The feedback on the other choices is there, folded away.
        for other in choices:
            if other is not choice:
                assert other["feedback"] in html.split("<details", 1)[1]
    assert TrainingProgress.objects.count() == 0

    for nonsense in ("9", "-1", "x", ""):
        html = client.get(url, {"vraag": child.id, "keuze": nonsense}).content.decode()
        assert "choice-feedback" not in html


def test_a_logged_in_reader_keeps_progress_and_comes_back_where_they_were(
    client, team, training
):
    client.force_login(team["user"])
    ids = training.step_ids()
    response = client.post(f"{training.url}stap/1/")
    assert response.status_code == 302
    assert response["Location"] == f"{training.url}stap/2/"
    client.get(f"{training.url}stap/2/")

    progress = TrainingProgress.objects.get(user=team["user"], training=training)
    assert progress.steps_done == [ids[0]]
    assert progress.last_step_id == ids[1]
    assert progress.finished_at is None

    overview = client.get(training.url).content.decode()
    assert f'href="{training.url}stap/2/">Ga verder bij stap 2' in overview
    assert "Alleen jij ziet hoe ver je bent" in overview

    for number in range(2, training.step_count + 1):
        response = client.post(f"{training.url}stap/{number}/")
    assert response["Location"] == f"{training.url}klaar/"
    progress.refresh_from_db()
    assert progress.steps_done == ids and progress.finished_at is not None
    index = client.get(training.get_parent().url).content.decode()
    assert "Afgerond" in index


def test_progress_is_private_to_the_reader(client, team, training):
    TrainingProgress.objects.create(
        user=team["user"], training=training, steps_done=training.step_ids()[:2]
    )
    client.force_login(team["supervisor"])
    overview = client.get(training.url).content.decode()
    assert "Ga verder bij stap" not in overview
    assert "klaar</span>" not in overview
    # Nor does the browser's own record of an anonymous reader apply.
    assert "data-resume" not in overview
    assert "Begin de training" in overview


def test_the_reader_can_reset_after_confirming(client, team, training):
    client.force_login(team["user"])
    client.post(f"{training.url}stap/1/")
    confirm = client.get(f"{training.url}opnieuw/")
    assert confirm.status_code == 200
    assert "Ja, wis mijn voortgang" in confirm.content.decode()
    assert TrainingProgress.objects.count() == 1

    response = client.post(f"{training.url}opnieuw/")
    assert response["Location"] == f"{training.url}?opnieuw=1"
    assert TrainingProgress.objects.count() == 0
    assert "is gewist" in client.get(response["Location"]).content.decode()


def test_anonymous_readers_get_links_and_nothing_is_stored(client, training):
    html = client.get(f"{training.url}stap/1/").content.decode()
    assert f'data-next href="{training.url}stap/2/"' in html
    assert '<form method="post"' not in html.split('class="step-nav')[1]
    response = client.post(f"{training.url}stap/1/")
    assert response["Location"] == f"{training.url}stap/2/"
    assert client.get(f"{training.url}opnieuw/")["Location"] == training.url
    assert TrainingProgress.objects.count() == 0


def test_the_employee_download_holds_their_training_progress(team, training):
    TrainingProgress.objects.create(
        user=team["user"], training=training, steps_done=training.step_ids()[:1]
    )
    data = employee_data(team["employee"])
    assert data["trainings"] == [
        {
            "training": training.title,
            "steps_done": 1,
            "steps": training.step_count,
            "finished_at": None,
            "updated_at": data["trainings"][0]["updated_at"],
        }
    ]


def test_a_step_costs_a_fixed_number_of_queries(
    client, team, training, django_assert_max_num_queries
):
    client.force_login(team["user"])
    client.get(f"{training.url}stap/2/")
    with django_assert_max_num_queries(20):
        assert client.get(f"{training.url}stap/3/").status_code == 200


def test_a_question_needs_at_least_one_good_choice():
    block = ChoiceQuestionBlock()
    value = block.to_python(
        {
            "kind": "check",
            "situation": "",
            "question": "Wat mag je vragen?",
            "choices": [
                {"label": "A", "feedback": "Nee.", "good": False},
                {"label": "B", "feedback": "Nee.", "good": False},
            ],
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_shipped_files_name_existing_topics_and_audiences():
    topics = {
        item["slug"]
        for item in json.loads((CONTENT.parent / "topics.json").read_text())
    }
    for path in CONTENT.glob("*.json"):
        doc = json.loads(path.read_text())
        assert doc["topic"] in topics, path.name
        assert doc["audience"] in {"employee", "supervisor", "employer"}
