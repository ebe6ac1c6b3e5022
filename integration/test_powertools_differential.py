"""Differential test: flagdeck's Powertools dialect against Powertools for AWS Lambda itself.

Powertools (the `aws-lambda-powertools` Python package) is the code that reads these documents in
production, so it is the oracle: flagdeck must agree with it on

  (a) which documents are valid: `SchemaValidator(features).validate()` raising or not, against
      `flagdeck doc validate --dialect powertools [--envelope ENV] FILE` exiting 1 or 0;
  (b) what a feature evaluates to for a context at a fixed clock: `FeatureFlags.evaluate`, against
      `flagdeck doc evaluate FILE --feature NAME --context-json JSON --at ISO [--envelope ENV]`.

Both verdicts are computed live, so a Powertools upgrade that changes behaviour shows up here.

The corpus lives in powertools_corpus/: `valid-*.json` and `invalid-*.json` (the name is for humans;
test_corpus_name_matches_powertools_verdict keeps it honest). Documents under
powertools_corpus/enveloped/<ENVELOPE>/ keep their features under the JMESPath expression ENVELOPE
(the directory's name, e.g. `features` or `config.flags`), as AppConfigStore(envelope=...) reads them.
The evaluation cases are in powertools_contexts.json; each records the value and rule Powertools
gave when it was written, so a change in Powertools is reported as such rather than as a flagdeck bug.

Run:  FLAGDECK_BIN=/path/to/flagdeck python3 -m pytest -q integration/test_powertools_differential.py
"""
import json
import pathlib
import subprocess
import warnings
from datetime import datetime

import pytest
from aws_lambda_powertools.utilities import jmespath_utils
from aws_lambda_powertools.utilities.feature_flags import FeatureFlags, SchemaValidator, StoreProvider, comparators
from aws_lambda_powertools.utilities.feature_flags.schema import RuleAction
from dateutil import tz as dateutil_tz

from moto_support import clean_environment

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = HERE / "powertools_corpus"
CASES_FILE = HERE / "powertools_contexts.json"
ENVELOPED = "enveloped"


# ---------------------------------------------------------------- the corpus

def corpus_documents():
    """Every document, as a path relative to CORPUS (e.g. `valid-action-in.json`,
    `enveloped/config.flags/invalid-envelope-path-missing.json`), in a stable order."""
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.json"))


def envelope_of(document):
    """The JMESPath envelope a document is read with: the directory under enveloped/, else None."""
    parts = pathlib.PurePosixPath(document).parts
    return parts[1] if parts[0] == ENVELOPED else None


def expected_valid_by_name(document):
    name = pathlib.PurePosixPath(document).name
    assert name.startswith(("valid-", "invalid-")), f"{document}: name must start with valid- or invalid-"
    return name.startswith("valid-")


def load_features(document):
    """What FeatureFlags would validate: the parsed file, through the envelope like AppConfigStore.
    AppConfigStore.get_configuration runs `jmespath_utils.query` (jmespath.search plus Powertools'
    custom functions) only when the envelope is non-empty; a path that matches nothing gives None."""
    with open(CORPUS / document) as f:
        raw = json.load(f)
    envelope = envelope_of(document)
    return jmespath_utils.query(data=raw, envelope=envelope) if envelope else raw


def powertools_problem(document):
    """None when Powertools accepts the document, else the reason it gives. Any exception counts
    as invalid (FeatureFlags.evaluate would raise it too). Powertools only *warns* about empty
    schemas and empty `rules`; those warnings are silenced so a `-W error` run cannot turn them
    into failures."""
    try:
        features = load_features(document)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            SchemaValidator(schema=features).validate()
    except Exception as exc:  # noqa: BLE001 - the oracle's verdict is "raised or not"
        return f"{type(exc).__name__}: {exc}"
    return None


# ---------------------------------------------------------------- evaluation through Powertools

class DictStore(StoreProvider):
    """A store that serves one in-memory document, with the envelope already applied."""

    def __init__(self, features):
        self.features = features

    @property
    def get_raw_configuration(self):
        return self.features

    def get_configuration(self):
        return self.features


class RuleRecordingFeatureFlags(FeatureFlags):
    """FeatureFlags that also remembers which rule decided the value. `_evaluate_rules` returns on
    the first rule whose conditions match, so the first True from `_evaluate_conditions` is the rule
    flagdeck must name; None means the default was served."""

    matched_rule = None

    def _evaluate_conditions(self, rule_name, feature_name, rule, context):
        matched = super()._evaluate_conditions(rule_name=rule_name, feature_name=feature_name, rule=rule,
                                               context=context)
        if matched and self.matched_rule is None:
            self.matched_rule = rule_name
        return matched


def parse_instant(iso):
    """`--at` value to an aware datetime (Python 3.11's fromisoformat takes the trailing Z)."""
    instant = datetime.fromisoformat(iso)
    assert instant.tzinfo is not None, f"{iso}: evaluation instants must carry a time zone"
    return instant


def powertools_evaluate(document, feature, context, at):
    """(value, matched rule name or None) from Powertools with its clock stopped at `at`.
    The comparators get "now" only through `_get_now_from_timezone`, so replacing it fixes the
    clock for every schedule action, in whatever TIMEZONE the condition names."""
    fixed_utc = parse_instant(at)
    flags = RuleRecordingFeatureFlags(store=DictStore(load_features(document)))
    with pytest.MonkeyPatch.context() as mp, warnings.catch_warnings():
        mp.setattr(comparators, "_get_now_from_timezone",
                   lambda tz: fixed_utc.astimezone(tz if tz is not None else dateutil_tz.gettz("UTC")))
        # Comparator errors (e.g. "10" > 5) are warned about and count as "no match".
        warnings.simplefilter("ignore")
        value = flags.evaluate(name=feature, context=context, default=None)
    return value, flags.matched_rule


def typed_json(value):
    """A value's JSON text with its JSON type kept: `true` and `1` differ (Python's == would call
    them equal), while `1` and `1.0` are the same JSON number and so compare equal here."""
    def normalise(v):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, list):
            return [normalise(x) for x in v]
        if isinstance(v, dict):
            return {k: normalise(x) for k, x in v.items()}
        return v
    return json.dumps(normalise(value), sort_keys=True)


def load_cases():
    with open(CASES_FILE) as f:
        return json.load(f)


def case_id(case):
    return f"{case['document']}:{case['feature']}:{case.get('note', '')}"


CASES = load_cases()
DOCUMENTS = corpus_documents()


# ---------------------------------------------------------------- running flagdeck

@pytest.fixture(scope="module")
def flagdeck_env(tmp_path_factory):
    """flagdeck's environment: a HOME of its own, no AWS settings, and a local time zone far from
    UTC (Chatham, +13:45 in March), so that any place flagdeck uses local time where Powertools
    uses UTC or the condition's TIMEZONE shows up as a disagreement."""
    home = tmp_path_factory.mktemp("home")
    return clean_environment(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                             FLAGDECK_STATE_DIR=str(home / "state"), AWS_CONFIG_FILE=str(home / "aws-config"),
                             AWS_SHARED_CREDENTIALS_FILE=str(home / "aws-credentials"), TZ="Pacific/Chatham")


def run_flagdeck(flagdeck_bin, env, *args):
    return subprocess.run([flagdeck_bin, *args], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60)


def envelope_args(document):
    envelope = envelope_of(document)
    return ["--envelope", envelope] if envelope else []


def problem_lines(stdout, path):
    """flagdeck's problem lines for one file: `FILE: $.path: message`."""
    return [line for line in stdout.splitlines() if line.startswith(f"{path}: ")]


def flagdeck_evaluate(flagdeck_bin, env, document, feature, *context_args, at):
    result = run_flagdeck(flagdeck_bin, env, "doc", "evaluate", str(CORPUS / document), "--feature", feature,
                          *context_args, "--at", at, *envelope_args(document))
    assert result.returncode == 0, f"flagdeck doc evaluate failed:\n{result.stdout}{result.stderr}"
    try:
        answer = json.loads(result.stdout)["features"][feature]
    except (ValueError, KeyError, TypeError) as exc:
        pytest.fail(f"unexpected `flagdeck doc evaluate` output ({exc}):\n{result.stdout}")
    return answer


# ---------------------------------------------------------------- the corpus is what it says

@pytest.mark.parametrize("document", DOCUMENTS)
def test_corpus_name_matches_powertools_verdict(document):
    """Powertools only: a file's valid-/invalid- prefix is what Powertools says of it."""
    problem = powertools_problem(document)
    if expected_valid_by_name(document):
        assert problem is None, f"{document} is named valid but Powertools rejects it: {problem}"
    else:
        assert problem is not None, f"{document} is named invalid but Powertools accepts it"


def test_corpus_size_and_shape():
    valid = [d for d in DOCUMENTS if expected_valid_by_name(d)]
    invalid = [d for d in DOCUMENTS if not expected_valid_by_name(d)]
    assert len(valid) >= 40 and len(invalid) >= 40, (len(valid), len(invalid))
    envelopes = {envelope_of(d) for d in DOCUMENTS} - {None}
    assert envelopes == {"features", "config.flags"}, envelopes
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_case_still_evaluates_as_recorded(case):
    """Powertools only: each case's document is valid, and Powertools still gives the value and rule
    recorded in powertools_contexts.json (if not, Powertools changed: re-record, then fix flagdeck)."""
    assert expected_valid_by_name(case["document"]), "evaluation cases use valid documents only"
    assert powertools_problem(case["document"]) is None
    value, rule = powertools_evaluate(case["document"], case["feature"], case["context"], case["at"])
    assert typed_json(value) == typed_json(case["expect"]["value"]), case.get("note")
    assert rule == case["expect"]["rule"], case.get("note")


def test_cases_cover_every_action_matching_and_not():
    """Powertools only: for every RuleAction some case matches a rule using it and some case
    evaluates a feature using it without that rule matching."""
    matched, unmatched = set(), set()
    for case in CASES:
        feature = load_features(case["document"])[case["feature"]]
        rules = feature.get("rules") or {}
        for name, rule in rules.items():
            actions = {c["action"] for c in rule["conditions"]}
            (matched if case["expect"]["rule"] == name else unmatched).update(actions)
    every = {a.value for a in RuleAction}
    assert every - matched == set(), "actions no case matches"
    assert every - unmatched == set(), "actions no case fails to match"


# ---------------------------------------------------------------- validation, one document at a time

@pytest.mark.parametrize("document", DOCUMENTS)
def test_validate_agrees_with_powertools(flagdeck_bin, flagdeck_env, document):
    path = str(CORPUS / document)
    problem = powertools_problem(document)
    result = run_flagdeck(flagdeck_bin, flagdeck_env, "doc", "validate", "--dialect", "powertools",
                          *envelope_args(document), path)
    output = result.stdout + result.stderr
    if problem is None:
        assert result.returncode == 0, f"Powertools accepts {document}, flagdeck does not:\n{output}"
    else:
        assert result.returncode == 1, f"Powertools rejects {document} ({problem}); flagdeck said:\n{output}"
        lines = problem_lines(result.stdout, path)
        # Every complaint must point into the document, `FILE: $...: message`.
        assert any(line[len(path) + 2:].startswith("$") for line in lines), \
            f"no `{path}: $...: message` line for {document} ({problem}):\n{output}"


# ---------------------------------------------------------------- validation, the whole corpus at once

def test_batch_validate_names_each_invalid_file(flagdeck_bin, flagdeck_env):
    """One `doc validate` call per envelope (the envelope applies to every file of a call): it exits 1
    and names every invalid file, so a problem in one file neither hides nor stops the others."""
    groups = {}
    for document in DOCUMENTS:
        groups.setdefault(envelope_of(document), []).append(document)
    for envelope, documents in groups.items():
        paths = [str(CORPUS / d) for d in documents]
        result = run_flagdeck(flagdeck_bin, flagdeck_env, "doc", "validate", "--dialect", "powertools",
                              *(["--envelope", envelope] if envelope else []), *paths)
        assert result.returncode == 1, f"envelope {envelope}: exit {result.returncode}\n{result.stderr}"
        unnamed = [d for d, p in zip(documents, paths)
                   if powertools_problem(d) is not None and not problem_lines(result.stdout, p)]
        assert unnamed == [], f"envelope {envelope}: invalid files with no problem line:\n{result.stdout}"


# ---------------------------------------------------------------- evaluation

@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_evaluate_agrees_with_powertools(flagdeck_bin, flagdeck_env, case):
    value, rule = powertools_evaluate(case["document"], case["feature"], case["context"], case["at"])
    answer = flagdeck_evaluate(flagdeck_bin, flagdeck_env, case["document"], case["feature"],
                               "--context-json", json.dumps(case["context"]), at=case["at"])
    why = f"{case.get('note')}: context {json.dumps(case['context'])} at {case['at']}"
    # Python's == first (1 == 1.0, {"a": 1} regardless of key order), then the JSON types too,
    # since == alone would accept flagdeck answering 1 where Powertools answers true.
    assert answer["value"] == value, why
    assert typed_json(answer["value"]) == typed_json(value), why
    assert answer["rule"] == rule, why


# `--context 'K=V K=V'`: V is JSON when it is a JSON number, true/false/null, array, object or quoted
# string, otherwise the text itself. Each case gives the context flagdeck must build from the text.
CONTEXT_FLAG_CASES = [
    pytest.param("premium_account", "tier=premium userId=42", {"tier": "premium", "userId": 42},
                 id="bare-word-is-string-number-is-number"),
    pytest.param("quoted_and_bare", 'beta=true label="true" code=01', {"beta": True, "label": "true", "code": "01"},
                 id="true-is-bool-quoted-is-string-01-is-not-json"),
    pytest.param("editor_in_region", 'permissions=["write","admin"] region=eu-west-1',
                 {"permissions": ["write", "admin"], "region": "eu-west-1"}, id="array-is-list-dashes-are-string"),
]
CONTEXT_FLAG_DOCUMENT = "valid-context-flag-parsing.json"


@pytest.mark.parametrize("feature,text,context", CONTEXT_FLAG_CASES)
def test_context_key_value_form(flagdeck_bin, flagdeck_env, feature, text, context):
    """Each feature of the document matches only if every value was parsed as the comment says."""
    document, at = CONTEXT_FLAG_DOCUMENT, "2026-03-04T10:15:00Z"
    value, rule = powertools_evaluate(document, feature, context, at)
    assert value is True, "the intended reading must match, else the test proves nothing"
    answer = flagdeck_evaluate(flagdeck_bin, flagdeck_env, document, feature, "--context", text, at=at)
    assert typed_json(answer["value"]) == typed_json(value), f"--context {text!r} should mean {context}"
    assert answer["rule"] == rule
    # The two spellings of the same context give the same answer.
    same = flagdeck_evaluate(flagdeck_bin, flagdeck_env, document, feature, "--context-json", json.dumps(context),
                             at=at)
    assert same == answer
