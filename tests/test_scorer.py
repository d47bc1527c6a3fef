import dataclasses
import json
import math

import numpy as np
import pytest

from rag.answering import ABSTAIN
from rag.answering.extractive import ExtractiveAnswerer, Weights, eligible
from rag.answering.scorer import FEATURES, MODEL_FILE, fit, load
from rag.errors import AnswerError
from rag.pipeline import Pipeline
from rag.text import split_sentences
from tests.helpers import make_settings


def test_fit_weighs_the_signal_and_not_the_noise():
    rng = np.random.default_rng(0)
    signal, noise = rng.normal(size=400), rng.normal(size=400)
    y = (signal + 0.3 * rng.normal(size=400) > 0).astype(float)
    model = fit(np.column_stack([signal, noise]), y)
    assert model.coef[0] > 2 and abs(model.coef[1]) < 0.5
    chances = model.predict(np.array([[2.0, 0.0], [-2.0, 0.0]]))
    assert chances[0] > 0.9 > 0.1 > chances[1]


def test_the_shipped_model_fits_these_features_and_thresholds():
    model = load()
    assert json.loads(MODEL_FILE.read_text())["features"] == list(FEATURES)
    assert len(model.coef) == len(FEATURES)
    assert set(model.thresholds) <= {f.name for f in dataclasses.fields(Weights)}
    assert 0 < model.thresholds["min_score"] < 1  # a chance, not a hand-set score


def test_a_model_fitted_on_other_features_is_refused(tmp_path):
    data = json.loads(MODEL_FILE.read_text())
    data["features"] = data["features"][1:]
    path = tmp_path / "scorer.json"
    path.write_text(json.dumps(data))
    with pytest.raises(AnswerError, match="other features"):
        load(path)


def test_learned_chances_pick_the_answer_and_decide_the_decline(seeded_dir):
    settings = make_settings(seeded_dir, extractive_scorer="learned")
    pipeline = Pipeline(settings)
    answerer = pipeline.answerer("extractive")
    assert isinstance(answerer, ExtractiveAnswerer) and answerer.model is not None
    assert answerer.weights.min_score == answerer.model.thresholds["min_score"]
    question = "Which government ministers accompanied the Russian president?"
    passages = pipeline._retrieve(question, 8)
    found = answerer.candidates(question, passages)
    assert all(c.learned is not None and 0 <= c.learned <= 1 for c in found)
    # the best chance moved to 0.9 (the order unchanged) is quoted; every chance near 0 declines
    best = eligible(found, question, answerer.weights)[0]
    shift = math.log(9) - math.log(best.learned / (1 - best.learned))
    sure = dataclasses.replace(answerer.model, intercept=answerer.model.intercept + shift)
    answer = ExtractiveAnswerer(pipeline.embedder, model=sure).answer(question, passages)
    # its opening: the answer span may trim the sentence's last clause
    assert answer.startswith(" ".join(split_sentences(best.text)[0].split()[:8]))
    hopeless = dataclasses.replace(answerer.model, intercept=answerer.model.intercept - 50)
    declining = ExtractiveAnswerer(pipeline.embedder, model=hopeless)
    assert declining.answer(question, passages) == ABSTAIN


def test_the_hand_set_weights_are_the_default(pipeline: Pipeline):
    answerer = pipeline.answerer("extractive")
    assert isinstance(answerer, ExtractiveAnswerer)
    assert answerer.model is None and answerer.weights == Weights()
