"""Melatonin safety gate: interactions, conditions, age, dose ceiling and loose name matching.

Expected levels follow the sources cited in circadian.melatonin_safety: the NHS interaction
list, the Cochrane review (warfarin, epilepsy; doses above 5 mg no better), travel-pharmacy
guidance (anticoagulants, autoimmune disease, diabetes, pregnancy, breast-feeding), the
Circadin leaflet (pregnancy) and AASM 2015 (dementia)."""

from __future__ import annotations

import math

import pytest

from circadian import plan
from circadian.errors import CircadianError
from circadian.melatonin_safety import (
    DEFAULT_DOSE_MG,
    KNOWLEDGE_BASE,
    LEGAL_STATUS_NOTE,
    LEVELS,
    MAX_EVIDENCE_DOSE_MG,
    NOT_MEDICAL_ADVICE,
    Entry,
    _build_index,
    check,
    lookup,
)

MEDICATIONS = [
    # (input, canonical name, level)
    ("warfarin", "warfarin", "not advised"),
    ("apixaban", "apixaban", "caution"),
    ("rivaroxaban", "rivaroxaban", "caution"),
    ("dabigatran", "dabigatran", "caution"),
    ("heparin", "heparin", "caution"),
    ("clopidogrel", "clopidogrel", "caution"),
    ("aspirin", "aspirin", "caution"),
    ("fluvoxamine", "fluvoxamine", "not advised"),
    ("ciprofloxacin", "quinolone antibiotic", "caution"),
    ("levofloxacin", "quinolone antibiotic", "caution"),
    ("cimetidine", "cimetidine", "caution"),
    ("oral contraceptive", "combined oral contraceptive / oestrogen", "caution"),
    ("HRT", "combined oral contraceptive / oestrogen", "caution"),
    ("diazepam", "benzodiazepine", "caution"),
    ("lorazepam", "benzodiazepine", "caution"),
    ("alprazolam", "benzodiazepine", "caution"),
    ("temazepam", "benzodiazepine", "caution"),
    ("zolpidem", "Z-drug sleeping pill", "caution"),
    ("zopiclone", "Z-drug sleeping pill", "caution"),
    ("eszopiclone", "Z-drug sleeping pill", "caution"),
    ("zaleplon", "Z-drug sleeping pill", "caution"),
    ("alcohol", "alcohol", "caution"),
    ("nifedipine", "nifedipine", "caution"),
    ("amlodipine", "calcium-channel blocker", "caution"),
    ("atenolol", "beta blocker", "caution"),
    ("tacrolimus", "immunosuppressant", "caution"),
    ("ciclosporin", "immunosuppressant", "caution"),
    ("prednisolone", "immunosuppressant", "caution"),
    ("metformin", "diabetes medicine", "caution"),
    ("insulin", "diabetes medicine", "caution"),
    ("amitriptyline", "amitriptyline", "caution"),
    ("ibuprofen", "NSAID painkiller", "caution"),
    ("naproxen", "NSAID painkiller", "caution"),
    ("codeine", "opioid", "caution"),
    ("morphine", "opioid", "caution"),
    ("methoxsalen", "psoralen", "caution"),
    ("rifampicin", "rifampicin", "caution"),
    ("carbamazepine", "carbamazepine", "caution"),
    ("thioridazine", "thioridazine", "caution"),
]

CONDITIONS = [
    ("pregnancy", "pregnancy", "not advised"),
    ("breast-feeding", "breast-feeding", "not advised"),
    ("epilepsy", "epilepsy", "not advised"),
    ("autoimmune disease", "autoimmune disease", "caution"),
    ("thyroid disorder", "thyroid disorder", "caution"),
    ("child", "child or adolescent", "not advised"),
    ("dementia", "dementia", "not advised"),
    ("liver disease", "liver disease", "caution"),
    ("diabetes", "diabetes", "caution"),
]

BRANDS_AND_SYNONYMS = [
    ("Warfarin 5mg", "warfarin"),
    ("Coumadin", "warfarin"),
    ("Jantoven", "warfarin"),
    ("Luvox", "fluvoxamine"),
    ("Faverin", "fluvoxamine"),
    ("Ambien", "Z-drug sleeping pill"),
    ("Stilnoct", "Z-drug sleeping pill"),
    ("Zimovane", "Z-drug sleeping pill"),
    ("Imovane", "Z-drug sleeping pill"),
    ("Valium", "benzodiazepine"),
    ("Xanax", "benzodiazepine"),
    ("Ativan", "benzodiazepine"),
    ("Cipro", "quinolone antibiotic"),
    ("Yasmin", "combined oral contraceptive / oestrogen"),
    ("Microgynon", "combined oral contraceptive / oestrogen"),
    ("the pill", "combined oral contraceptive / oestrogen"),
    ("birth control pill", "combined oral contraceptive / oestrogen"),
    ("Eliquis", "apixaban"),
    ("Xarelto", "rivaroxaban"),
    ("Pradaxa", "dabigatran"),
    ("Plavix", "clopidogrel"),
    ("Adalat", "nifedipine"),
    ("Norvasc", "calcium-channel blocker"),
    ("Glucophage", "diabetes medicine"),
    ("Tegretol", "carbamazepine"),
    ("Metformin 500 mg XR tablets", "diabetes medicine"),
    ("amlodipine besylate 10mg", "calcium-channel blocker"),
    ("pregnant", "pregnancy"),
    ("I am pregnant", "pregnancy"),
    ("breastfeeding", "breast-feeding"),
    ("breast feeding", "breast-feeding"),
    ("lactation", "breast-feeding"),
    ("seizures", "epilepsy"),
    ("lupus", "autoimmune disease"),
    ("rheumatoid arthritis", "autoimmune disease"),
    ("hypothyroidism", "thyroid disorder"),
    ("Alzheimer's", "dementia"),
    ("NSAIDs", "NSAID painkiller"),
    ("benzodiazepines", "benzodiazepine"),
]


@pytest.mark.parametrize(("name", "canonical", "level"), MEDICATIONS)
def test_each_required_interaction_triggers(name: str, canonical: str, level: str) -> None:
    v = check(None, [name], [])
    [f] = v.findings
    assert (f.kind, f.canonical_name, f.level) == ("medication", canonical, level)
    assert f.matched_input == name and f.reason and f.source
    assert v.verdict == level
    assert not v.melatonin_allowed


@pytest.mark.parametrize(("name", "canonical", "level"), CONDITIONS)
def test_each_required_condition_triggers(name: str, canonical: str, level: str) -> None:
    v = check(None, [], [name])
    [f] = v.findings
    assert (f.kind, f.canonical_name, f.level) == ("condition", canonical, level)
    assert v.verdict == level and not v.melatonin_allowed


@pytest.mark.parametrize(("name", "canonical"), BRANDS_AND_SYNONYMS)
def test_brands_synonyms_and_dose_suffixes_map(name: str, canonical: str) -> None:
    assert [m.entry.name for m in lookup(name)] == [canonical]


@pytest.mark.parametrize(
    ("typo", "canonical"),
    [
        ("warfrin", "warfarin"),
        ("Xanex", "benzodiazepine"),
        ("Ambian", "Z-drug sleeping pill"),
        ("metfromin", "diabetes medicine"),
        ("zolpidm", "Z-drug sleeping pill"),
    ],
)
def test_typos_map_and_say_so(typo: str, canonical: str) -> None:
    [f] = check(None, [typo], []).findings
    assert f.canonical_name == canonical
    assert f"read {typo!r} as" in f.reason and "pharmacist" in f.reason


@pytest.mark.parametrize("name", ["sertraline", "fluoxetine", "vitamin D", "Lipitor"])
def test_unknown_names_are_reported_not_ignored(name: str) -> None:
    v = check(None, [name], [])
    [f] = v.findings
    assert f.kind == "unknown" and f.level == "caution" and f.matched_input == name
    assert "cannot check" in f.reason and "pharmacist" in f.reason
    assert v.verdict == "caution" and not v.melatonin_allowed
    assert any("not recognised" in m for m in v.messages)


def test_unrecognised_words_next_to_a_known_name_are_reported() -> None:
    v = check(None, ["warfarin vitamin D"], [])
    assert [(f.kind, f.canonical_name) for f in v.findings] == [
        ("medication", "warfarin"),
        ("unknown", "vitamin d"),
    ]
    # salt names and doses are not reported
    assert [f.kind for f in check(None, ["amlodipine besylate 10mg"], []).findings] == [
        "medication"
    ]


def test_unknown_condition_is_reported() -> None:
    [f] = check(None, [], ["sleep apnoea"]).findings
    assert f.kind == "unknown" and "condition" in f.reason


def test_default_dose_is_half_a_milligram() -> None:
    v = check(None, [], [])
    assert DEFAULT_DOSE_MG == 0.5
    assert v.recommended_dose_mg == 0.5 and v.requested_dose_mg is None
    assert v.verdict == "ok" and v.melatonin_allowed and v.findings == ()
    assert any("0.5 mg" in m for m in v.messages)


def test_dose_above_five_mg_is_capped_with_warning() -> None:
    # Cochrane (Herxheimer & Petrie): more than 5 mg was no better for jet lag.
    assert MAX_EVIDENCE_DOSE_MG == 5.0
    v = check(10, [], [])
    assert v.recommended_dose_mg <= 5.0
    assert v.requested_dose_mg == 10
    [f] = v.findings
    assert f.kind == "dose" and f.level == "caution"
    assert "no extra phase shift" in f.reason and "side effects" in f.reason
    assert v.verdict == "caution"
    assert v.melatonin_allowed  # the cap resolves it; the dose alone does not block


def test_high_dose_kept_only_when_allowed() -> None:
    v = check(10, [], [], allow_high_dose=True)
    assert v.recommended_dose_mg == 10
    assert v.findings[0].kind == "dose" and "allowed" in v.findings[0].reason


@pytest.mark.parametrize("dose", [0.5, 3, 5])
def test_doses_within_evidence_are_kept(dose: float) -> None:
    v = check(dose, [], [])
    assert v.recommended_dose_mg == dose and v.findings == ()


@pytest.mark.parametrize("dose", [0, -1, math.nan, math.inf])
def test_impossible_doses_are_user_errors(dose: float) -> None:
    with pytest.raises(CircadianError) as info:
        check(dose, [], [])
    assert info.value.where == "dose"


def test_children_by_age() -> None:
    v = check(None, [], [], age=16)
    [f] = v.findings
    assert (f.kind, f.level, f.canonical_name) == ("age", "not advised", "child or adolescent")
    assert check(None, [], [], age=18).findings == ()
    # Giving both the age and the condition reports it once.
    assert len(check(None, [], ["child"], age=10).findings) == 1
    with pytest.raises(CircadianError):
        check(None, [], [], age=-1)


def test_worst_level_wins_and_opt_in_allows() -> None:
    v = check(None, ["ibuprofen", "warfarin"], [])
    assert v.verdict == "not advised" and not v.melatonin_allowed
    v = check(None, ["ibuprofen"], [], opt_in=True)
    assert v.verdict == "caution" and v.melatonin_allowed
    assert any("clinician" in m for m in v.messages)


def test_lists_split_deduplicate_and_skip_none() -> None:
    v = check(None, ["Coumadin, warfarin 5 mg; metformin"], ["none"])
    assert [f.canonical_name for f in v.findings] == ["warfarin", "diabetes medicine"]
    assert check(None, ["none"], ["n/a"]).findings == ()
    # A medicine given as a condition (or vice versa) is still checked.
    [f] = check(None, [], ["warfarin"]).findings
    assert f.canonical_name == "warfarin"


def test_unknown_purpose_is_a_user_error() -> None:
    assert check(None, [], [], purpose="Shift-Work").purpose == "shift work"
    with pytest.raises(CircadianError, match="purpose"):
        check(None, [], [], purpose="weight loss")


def test_knowledge_base_entries_are_sourced() -> None:
    names = [e.name for e in KNOWLEDGE_BASE]
    assert len(names) == len(set(names))
    for e in KNOWLEDGE_BASE:
        assert e.level in LEVELS and e.level != "ok"
        assert e.reason and e.source, e.name


def test_conflicting_aliases_are_rejected() -> None:
    a = Entry("alpha", "medication", "caution", "r", "s", ("shared",))
    b = Entry("beta", "medication", "caution", "r", "s", ("shared",))
    with pytest.raises(ValueError, match="shared"):
        _build_index([a, b])


def test_legal_note_and_disclaimer() -> None:
    for text in (
        "dietary supplement",
        "not FDA-approved",
        "UK",
        "EU",
        "Australia",
        "Schedule 4",
        "Schedule 3",
        "Japan",
        "prescription",
    ):
        assert text in LEGAL_STATUS_NOTE
    assert NOT_MEDICAL_ADVICE is plan.NOT_MEDICAL_ADVICE
