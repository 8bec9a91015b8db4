"""Safety gate for melatonin: dose ceiling, medicine interactions, conditions and age.

Every rule carries its source. The knowledge base is the table :data:`KNOWLEDGE_BASE`; names are
matched loosely (case, punctuation, dose suffixes, brand names, plurals, close typos). Anything
the tool cannot recognise is reported as an "unknown" finding at caution level, never ignored.

Sources: NHS medicines page on melatonin (interactions);
Herxheimer & Petrie, Cochrane review of melatonin for jet lag (doses, epilepsy, warfarin); UK
travel-pharmacy guidance (who should avoid it); Circadin leaflet (pregnancy); AASM 2015 guideline
(Auger et al., dementia); Burgess et al. 2010, Revell et al. 2006 and Lewy et al. 2002 (dose).
This is not medical advice, and it cannot replace a pharmacist's check.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from circadian.errors import CircadianError
from circadian.plan import NOT_MEDICAL_ADVICE

#: The command-line flag that keeps melatonin in a plan despite cautions (plans and
#: ``circadian melatonin check`` alike).
OPT_IN_FLAG = "--opt-in-melatonin"

__all__ = [
    "DEFAULT_DOSE_MG", "DOSE_EVIDENCE", "KNOWLEDGE_BASE", "LEGAL_STATUS_NOTE", "LEVELS",
    "OPT_IN_FLAG",
    "MAX_EVIDENCE_DOSE_MG", "NOT_MEDICAL_ADVICE", "PURPOSES", "Entry", "Finding", "Match",
    "SafetyVerdict", "check", "lookup", "normalise",
]

Level = Literal["ok", "caution", "not advised"]
FindingKind = Literal["medication", "condition", "age", "dose", "unknown"]

LEVELS: tuple[Level, ...] = ("ok", "caution", "not advised")
"""Verdict levels, least to most serious."""

PURPOSES: tuple[str, ...] = ("jet lag", "shift work")
"""What the melatonin is for; the evidence on dose comes from jet-lag trials."""

DEFAULT_DOSE_MG = 0.5
"""Default dose [mg], immediate release: as effective as 3 mg for shifting the clock
(Burgess et al. 2010; Revell et al. 2006)."""

MAX_EVIDENCE_DOSE_MG = 5.0
"""Largest dose with evidence of benefit for jet lag [mg]: in the Cochrane review, doses of
0.5-5 mg were similarly effective and more than 5 mg was no better (Herxheimer & Petrie)."""

LEGAL_STATUS_NOTE = (
    "Legal status differs by country. In the US melatonin is sold as a dietary supplement and is "
    "not FDA-approved. It is prescription-only in the UK, the EU and Australia (Australia: "
    "Schedule 4, except modified-release products of 2 mg or less for primary insomnia in people "
    "aged 55 or over, which have been Schedule 3, pharmacist-only, since 1 June 2021). Travellers "
    "report that Japan also requires a prescription. Check the rules where you buy it and where "
    "you carry it."
)


# --- sources -------------------------------------------------------------------------------
SRC_NHS = "NHS medicines information: melatonin, 'taking melatonin with other medicines'"
SRC_COCHRANE = (
    "Herxheimer & Petrie, Cochrane review 'Melatonin for the prevention and treatment of jet "
    "lag' (flags epilepsy and warfarin)"
)
SRC_TRAVEL = "UK travel-pharmacy guidance on melatonin for jet lag (secondary source)"
SRC_LOWER = "consumer drug-interaction pages (lower-authority secondary source)"
SRC_CIRCADIN = "Circadin (melatonin 2 mg prolonged-release) patient leaflet"
SRC_AASM = "AASM guideline, Auger et al. 2015, J Clin Sleep Med 11:1199"
SRC_THYROID = (
    "small studies of melatonin and thyroid hormones; consumer guidance lists thyroid disease "
    "(secondary source, not verified in a primary source)"
)
SRC_CHILDREN = (
    "US paediatric poison-centre calls about melatonin rose 530% from 2012 to 2021 (news "
    "coverage); Cohen et al. 2023, JAMA: 22 of 25 gummy products mislabelled (74-347% of label)"
)
SRC_LIVER = (
    "melatonin is cleared by the liver enzyme CYP1A2 (pharmacokinetic literature); no guideline "
    "on liver disease was verified for this tool"
)
SRC_ALCOHOL = (
    "adds to drowsiness like the sedatives on the NHS list; the Circadin leaflet's advice not to "
    "drink alcohol with it is quoted from memory, not verified"
)
SRC_DOSE = (
    "Herxheimer & Petrie, Cochrane review: 0.5-5 mg similarly effective, more than 5 mg no "
    "better; Lewy et al. 2002: 0.5 mg entrained where 10-20 mg did not ('spill-over' onto the "
    "delay zone)"
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One medicine, class of medicines or condition in the knowledge base."""

    name: str
    """Canonical name shown to the user."""
    kind: Literal["medication", "condition"]
    level: Level
    reason: str
    source: str
    aliases: tuple[str, ...] = ()
    """Other names: generic names in the class, brand names, synonyms."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the check found about the user's input."""

    kind: FindingKind
    matched_input: str
    """What the user wrote (for dose and age findings, the number given)."""
    canonical_name: str
    level: Level
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class SafetyVerdict:
    """Result of :func:`check`."""

    verdict: Level
    """Most serious level among the findings ("ok" when there are none)."""
    findings: tuple[Finding, ...]
    requested_dose_mg: float | None
    """Dose the user asked for [mg], or None."""
    recommended_dose_mg: float
    """Dose to plan with [mg]; at most MAX_EVIDENCE_DOSE_MG unless a higher dose was allowed."""
    melatonin_allowed: bool
    """False when any medication, condition or age finding is not "ok", unless opt_in."""
    messages: tuple[str, ...]
    purpose: str


def _e(
    name: str,
    kind: Literal["medication", "condition"],
    level: Level,
    reason: str,
    source: str,
    *aliases: str,
) -> Entry:
    return Entry(name, kind, level, reason, source, aliases)


_BLEED = "bleeding risk: melatonin may add to the effect of blood thinners"
_SEDATE = "both cause drowsiness; together they add up (NHS lists this interaction)"
_BP = "the NHS lists blood-pressure medicines as interacting with melatonin"

KNOWLEDGE_BASE: tuple[Entry, ...] = (
    # anticoagulants and antiplatelets
    _e("warfarin", "medication", "not advised",
       "bleeding risk: melatonin can change warfarin's effect; the Cochrane review flags it",
       f"{SRC_COCHRANE}; {SRC_NHS}",
       "coumadin", "jantoven", "marevan", "warfarin sodium"),
    _e("vitamin K antagonist (acenocoumarol, phenprocoumon)", "medication", "caution",
       _BLEED, SRC_TRAVEL, "acenocoumarol", "sintrom", "phenprocoumon", "marcumar"),
    _e("apixaban", "medication", "caution", _BLEED, SRC_TRAVEL, "eliquis"),
    _e("rivaroxaban", "medication", "caution", _BLEED, SRC_TRAVEL, "xarelto"),
    _e("dabigatran", "medication", "caution", _BLEED, SRC_TRAVEL, "pradaxa", "pradax"),
    _e("edoxaban", "medication", "caution", _BLEED, SRC_TRAVEL, "lixiana", "savaysa"),
    _e("heparin", "medication", "caution", _BLEED, SRC_TRAVEL,
       "enoxaparin", "clexane", "lovenox", "dalteparin", "fragmin", "tinzaparin", "innohep",
       "low molecular weight heparin", "lmwh"),
    _e("anticoagulant (unspecified)", "medication", "caution", _BLEED, SRC_TRAVEL,
       "anticoagulant", "blood thinner", "doac", "noac"),
    _e("clopidogrel", "medication", "caution", _BLEED, SRC_TRAVEL, "plavix"),
    _e("prasugrel", "medication", "caution", _BLEED, SRC_TRAVEL, "efient", "effient"),
    _e("ticagrelor", "medication", "caution", _BLEED, SRC_TRAVEL, "brilinta", "brilique"),
    _e("dipyridamole", "medication", "caution", _BLEED, SRC_TRAVEL, "persantin", "persantine"),
    _e("antiplatelet (unspecified)", "medication", "caution", _BLEED, SRC_TRAVEL,
       "antiplatelet"),
    _e("aspirin", "medication", "caution",
       "antiplatelet (bleeding risk) and an NSAID, which the NHS lists as interacting",
       f"{SRC_TRAVEL}; {SRC_NHS}",
       "acetylsalicylic acid", "asa", "aspro", "disprin", "bayer aspirin", "baby aspirin",
       "ecotrin"),
    # CYP1A2 inhibitors
    _e("fluvoxamine", "medication", "not advised",
       "strongly blocks the liver enzyme (CYP1A2) that clears melatonin, so melatonin levels "
       "rise", SRC_NHS, "luvox", "faverin", "fevarin", "dumyrox"),
    _e("quinolone antibiotic", "medication", "caution",
       "the NHS lists quinolone antibiotics; ciprofloxacin blocks CYP1A2, which clears melatonin",
       SRC_NHS,
       "quinolone", "fluoroquinolone", "ciprofloxacin", "cipro", "ciproxin", "ciloxan",
       "levofloxacin", "levaquin", "tavanic", "ofloxacin", "norfloxacin", "moxifloxacin",
       "avelox", "enoxacin"),
    _e("cimetidine", "medication", "caution",
       "raises melatonin levels (CYP1A2 inhibitor); listed by the NHS", SRC_NHS, "tagamet"),
    # oestrogens
    _e("combined oral contraceptive / oestrogen", "medication", "caution",
       "oestrogens (the pill, HRT) raise melatonin levels; listed by the NHS", SRC_NHS,
       "the pill", "birth control pill", "birth control", "contraceptive pill",
       "oral contraceptive", "combined pill", "combined oral contraceptive", "coc", "ocp",
       "yasmin", "yaz", "microgynon", "rigevidon", "cilest", "marvelon", "femodene", "loestrin",
       "ovranette", "levest", "lo loestrin", "ethinylestradiol", "ethinyl estradiol",
       "estrogen", "oestrogen", "estradiol", "oestradiol", "hrt",
       "hormone replacement therapy", "premarin", "conjugated estrogens", "evorel", "estrogel",
       "oestrogel", "elleste", "femoston", "kliovance"),
    # sedatives
    _e("benzodiazepine", "medication", "caution", _SEDATE, SRC_NHS,
       "benzodiazepine", "benzo", "diazepam", "valium", "lorazepam", "ativan", "alprazolam",
       "xanax", "temazepam", "restoril", "clonazepam", "klonopin", "rivotril", "nitrazepam",
       "mogadon", "chlordiazepoxide", "librium", "oxazepam", "triazolam", "halcion",
       "midazolam", "lormetazepam", "loprazolam"),
    _e("Z-drug sleeping pill", "medication", "caution", _SEDATE, SRC_NHS,
       "z drug", "zolpidem", "ambien", "stilnoct", "stilnox", "zopiclone", "zimovane",
       "imovane", "eszopiclone", "lunesta", "zaleplon", "sonata", "sleeping pill",
       "sleeping tablet"),
    _e("alcohol", "medication", "caution",
       "adds to melatonin's drowsiness; avoid drinking around the dose", SRC_ALCOHOL,
       "alcohol", "ethanol", "wine", "beer", "spirits"),
    _e("opioid", "medication", "caution", _SEDATE, SRC_NHS,
       "opiate", "opioid", "codeine", "co codamol", "morphine", "ms contin", "oxycodone",
       "oxycontin", "tramadol", "fentanyl", "dihydrocodeine", "hydrocodone", "methadone",
       "buprenorphine", "tapentadol"),
    _e("amitriptyline", "medication", "caution",
       "listed by the NHS as interacting; both can cause drowsiness", SRC_NHS,
       "elavil", "triptafen"),
    _e("thioridazine", "medication", "caution", "listed by the NHS as interacting", SRC_NHS),
    # blood pressure
    _e("nifedipine", "medication", "caution",
       "calcium-channel blocker: melatonin may weaken its blood-pressure control",
       f"{SRC_LOWER}; {SRC_NHS}", "adalat", "coracten"),
    _e("calcium-channel blocker", "medication", "caution", _BP, f"{SRC_NHS}; {SRC_LOWER}",
       "calcium channel blocker", "ccb", "amlodipine", "norvasc", "istin", "felodipine",
       "plendil", "lercanidipine", "zanidip", "diltiazem", "cardizem", "tildiem", "adizem",
       "verapamil", "calan", "securon", "isradipine", "nicardipine"),
    _e("beta blocker", "medication", "caution", _BP, SRC_NHS,
       "beta blocker", "propranolol", "inderal", "atenolol", "tenormin", "metoprolol",
       "lopressor", "toprol", "betaloc", "bisoprolol", "cardicor", "concor", "carvedilol",
       "nebivolol", "labetalol", "sotalol"),
    _e("other blood-pressure medicine", "medication", "caution", _BP, SRC_NHS,
       "blood pressure medicine", "blood pressure medication", "blood pressure tablet",
       "blood pressure pill", "antihypertensive", "ace inhibitor", "ramipril", "lisinopril",
       "enalapril", "perindopril", "losartan", "candesartan", "valsartan", "irbesartan",
       "olmesartan", "bendroflumethiazide", "indapamide", "hydrochlorothiazide",
       "doxazosin", "water pill"),
    # immunosuppressants
    _e("immunosuppressant", "medication", "caution",
       "melatonin may stimulate the immune system and work against immunosuppressants",
       SRC_LOWER,
       "immunosuppressant", "tacrolimus", "prograf", "advagraf", "ciclosporin", "cyclosporine",
       "cyclosporin", "neoral", "sandimmun", "sandimmune", "prednisolone", "prednisone",
       "methylprednisolone", "azathioprine", "imuran", "mycophenolate", "cellcept",
       "methotrexate", "sirolimus", "everolimus"),
    # diabetes
    _e("diabetes medicine", "medication", "caution",
       "melatonin may change blood-sugar control; check glucose closely", SRC_LOWER,
       "diabetes medicine", "diabetes medication", "metformin", "glucophage", "insulin",
       "lantus", "levemir", "novorapid", "humalog", "tresiba", "glargine", "detemir",
       "degludec", "lispro", "gliclazide", "glipizide",
       "glimepiride", "glibenclamide", "sitagliptin", "januvia", "empagliflozin", "jardiance",
       "dapagliflozin", "forxiga", "farxiga", "pioglitazone"),
    # other NHS-listed medicines
    _e("NSAID painkiller", "medication", "caution", "listed by the NHS as interacting", SRC_NHS,
       "nsaid", "anti inflammatory", "ibuprofen", "advil", "nurofen", "motrin", "brufen",
       "naproxen", "aleve", "naprosyn", "diclofenac", "voltaren", "voltarol", "celecoxib",
       "celebrex", "etoricoxib", "arcoxia", "indometacin", "indomethacin", "meloxicam"),
    _e("psoralen", "medication", "caution", "listed by the NHS as interacting (CYP1A2)", SRC_NHS,
       "psoralen", "methoxsalen", "8 mop", "oxsoralen", "trioxsalen", "puva"),
    _e("rifampicin", "medication", "caution", "listed by the NHS as interacting", SRC_NHS,
       "rifampin", "rifadin", "rimactane"),
    _e("carbamazepine", "medication", "caution",
       "listed by the NHS as interacting; if you take it for epilepsy, see epilepsy", SRC_NHS,
       "tegretol", "carbagen"),
    _e("other anti-seizure medicine", "medication", "caution",
       "anti-seizure medicine: if you take it for epilepsy, melatonin is not advised "
       "(Cochrane review)", SRC_COCHRANE,
       "sodium valproate", "valproate", "valproic acid", "epilim", "depakote", "lamotrigine",
       "lamictal", "levetiracetam", "keppra", "phenytoin", "epanutin", "dilantin",
       "topiramate", "oxcarbazepine", "trileptal", "antiepileptic", "anticonvulsant"),
    _e("thyroid medicine", "medication", "caution",
       "taken for a thyroid disorder: melatonin may act on thyroid hormone levels", SRC_THYROID,
       "levothyroxine", "thyroxine", "synthroid", "eltroxin", "euthyrox", "liothyronine",
       "cytomel", "carbimazole", "methimazole", "propylthiouracil"),
    # conditions
    _e("pregnancy", "condition", "not advised",
       "safety in pregnancy is not established; the Circadin leaflet says to stop if pregnant",
       f"{SRC_CIRCADIN}; {SRC_TRAVEL}",
       "pregnant", "pregnancy", "expecting", "trying to conceive", "trying for a baby"),
    _e("breast-feeding", "condition", "not advised",
       "melatonin passes into breast milk; safety for the baby is not established", SRC_TRAVEL,
       "breastfeeding", "breast feeding", "breast feed", "breastfeed", "lactation",
       "lactating", "nursing", "chestfeeding"),
    _e("epilepsy", "condition", "not advised",
       "the Cochrane review flags epilepsy: melatonin may affect seizure control",
       f"{SRC_COCHRANE}; {SRC_TRAVEL}",
       "epilepsy", "epileptic", "seizure", "seizures", "seizure disorder", "convulsions"),
    _e("autoimmune disease", "condition", "caution",
       "melatonin may stimulate the immune system; travel pharmacists advise against it in "
       "autoimmune disease", SRC_TRAVEL,
       "autoimmune", "autoimmune disease", "autoimmune disorder", "rheumatoid arthritis", "ra",
       "lupus", "sle", "systemic lupus erythematosus", "multiple sclerosis", "ms",
       "crohn", "crohns", "crohn disease", "ulcerative colitis", "psoriasis",
       "psoriatic arthritis", "ankylosing spondylitis", "sjogren", "sjogrens"),
    _e("thyroid disorder", "condition", "caution",
       "small studies report effects on thyroid hormone levels; ask a clinician first",
       SRC_THYROID,
       "thyroid", "thyroid disease", "thyroid disorder", "thyroid problem", "hypothyroidism",
       "hypothyroid", "underactive thyroid", "hyperthyroidism", "hyperthyroid",
       "overactive thyroid", "hashimoto", "hashimotos", "graves", "graves disease"),
    _e("diabetes", "condition", "caution",
       "melatonin may change blood-sugar control; travel pharmacists list diabetes",
       SRC_TRAVEL,
       "diabetes", "diabetic", "type 1 diabetes", "type 2 diabetes", "t1d", "t2d"),
    _e("dementia", "condition", "not advised",
       "the AASM recommends against melatonin for sleep in older people with dementia",
       SRC_AASM,
       "dementia", "alzheimer", "alzheimers", "alzheimer disease", "lewy body dementia",
       "vascular dementia"),
    _e("liver disease", "condition", "caution",
       "the liver clears melatonin, so liver disease can raise its levels", SRC_LIVER,
       "liver disease", "liver problem", "hepatic impairment", "cirrhosis", "hepatitis",
       "liver failure", "fatty liver"),
    _e("child or adolescent", "condition", "not advised",
       "melatonin for under-18s only on a doctor's advice: poisonings have risen sharply and "
       "products are often mislabelled", SRC_CHILDREN,
       "child", "children", "kid", "adolescent", "teenager", "teen", "paediatric",
       "pediatric"),
)
"""The knowledge base: one entry per medicine, class or condition, each with its source."""

_CHILD = next(e for e in KNOWLEDGE_BASE if e.name == "child or adolescent")

ADULT_AGE = 18
"""Ages below this are treated as children and adolescents."""

DOSE_EVIDENCE: tuple[tuple[str, str], ...] = (
    ("0.5 mg shifts the clock as much as 3 mg: the two doses gave similar peak advances "
     "(+1.5 h and +1.8 h) when each was taken at its best time, 0.5 mg a little later.",
     "Burgess et al. 2010, J Clin Endocrinol Metab 95:3325"),
    ("With a 3-day advance of sleep and morning light, 0.5 mg and 3 mg in the afternoon "
     "advanced the clock 2.5 h and 2.6 h, against 1.7 h without melatonin.",
     "Revell et al. 2006"),
    ("A blind man was entrained by 0.5 mg but not by 10 or 20 mg: too much melatonin lasts "
     "long enough to 'spill over' onto the delay zone of the phase response curve.",
     "Lewy et al. 2002"),
    ("For jet lag, 0.5-5 mg were similarly effective; 5 mg helped sleep faster; more than 5 mg "
     "was no better; 2 mg slow-release worked poorly. Benefit was shown for flights across 5 or "
     "more time zones, particularly eastward.",
     "Herxheimer & Petrie, Cochrane review"),
    ("Immediate-release melatonin peaks about 50 min after a dose and has a half-life of about "
     "45 min; only about 15% is absorbed.",
     "Harpsøe et al. 2015, systematic review"),
    ("Supplements are often mislabelled: content ranged from -83% to +478% of the label, and "
     "22 of 25 gummy products were at 74-347% of the label.",
     "Erland & Saxena 2017; Cohen et al. 2023, JAMA"),
)
"""Evidence on melatonin dose, as (statement, source) pairs."""

# --- matching ------------------------------------------------------------------------------
_DOSE_RE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:mg|mcg|ug|µg|micrograms?|milligrams?|g|ml|iu|units?|%)?(?![a-z])",
    re.IGNORECASE,
)
_STOPWORDS = frozenset({
    "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps", "dose", "doses",
    "daily", "once", "twice", "a", "day", "per", "night", "at", "every", "mr", "sr", "xl", "xr",
    "er", "cr", "la", "od", "bd", "tds", "qds", "prn", "oral", "injection", "injections", "my",
    "i", "im", "am", "taking", "take", "takes", "use", "using", "on", "have", "has", "with",
    "history", "of", "and", "for",
})
_NONE_WORDS = frozenset({"none", "no", "nil", "nothing", "n/a", "na", "-", "no medication",
                         "no medicines", "no conditions"})
_FUZZY_CUTOFF = 0.8
_SALT_WORDS = frozenset({
    "sodium", "potassium", "hydrochloride", "hcl", "besylate", "besilate", "maleate",
    "tartrate", "succinate", "mesylate", "mesilate", "citrate", "phosphate", "sulfate",
    "sulphate", "acetate", "fumarate", "bromide", "generic", "brand",
})
_FUZZY_MIN_LEN = 5


def normalise(name: str) -> str:
    """Lower-case; drop accents, doses, punctuation, filler words ("Warfarin 5mg" → "warfarin")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("'s", "s").replace("'", "")
    text = _DOSE_RE.sub(" ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [w for w in text.split() if w not in _STOPWORDS and not w.isdigit()]
    return " ".join(words)


def _singular(phrase: str) -> str:
    return phrase[:-1] if len(phrase) > 3 and phrase.endswith("s") else phrase


def _build_index(entries: Sequence[Entry]) -> dict[str, Entry]:
    index: dict[str, Entry] = {}
    for entry in entries:
        for alias in (entry.name, *entry.aliases):
            key = normalise(alias)
            if not key:
                raise ValueError(f"alias {alias!r} of {entry.name!r} normalises to nothing")
            for k in {key, _singular(key)}:
                other = index.setdefault(k, entry)
                if other is not entry:
                    raise ValueError(f"alias {k!r} names both {other.name!r} and {entry.name!r}")
    return index


_INDEX = _build_index(KNOWLEDGE_BASE)


@dataclass(frozen=True, slots=True)
class Match:
    """How one piece of user input was read."""

    entry: Entry
    how: Literal["exact", "partial", "typo"]
    alias: str
    """The known name (normalised) that matched."""


def lookup(name: str) -> list[Match]:
    """Read one user-written name: exact alias, then alias phrases inside it, then typos.

    Returns an empty list when nothing is recognised.
    """
    return _read(name)[0]


def _read(name: str) -> tuple[list[Match], str]:
    """Matches for one name, and the words left over that were not recognised."""
    key = normalise(name)
    if not key:
        return [], ""
    for k in (key, _singular(key)):
        if k in _INDEX:
            return [Match(_INDEX[k], "exact", k)], ""
    close = difflib.get_close_matches(key, list(_INDEX), n=1, cutoff=_FUZZY_CUTOFF)
    if close:
        return [Match(_INDEX[close[0]], "typo", close[0])], ""
    words = key.split()
    used = [False] * len(words)
    found: list[Match] = []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            if any(used[start:start + size]):
                continue
            phrase = " ".join(words[start:start + size])
            match = _phrase_match(phrase)
            if match is not None:
                used[start:start + size] = [True] * size
                if all(m.entry is not match.entry for m in found):
                    found.append(match)
    leftover = " ".join(
        w for w, u in zip(words, used, strict=True) if not u and w not in _SALT_WORDS
    )
    return found, leftover if found else key


def _phrase_match(phrase: str) -> Match | None:
    entry = _INDEX.get(phrase) or _INDEX.get(_singular(phrase))
    if entry is not None:
        return Match(entry, "partial", phrase)
    if " " not in phrase and len(phrase) >= _FUZZY_MIN_LEN:
        close = difflib.get_close_matches(phrase, list(_INDEX), n=1, cutoff=_FUZZY_CUTOFF)
        if close:
            return Match(_INDEX[close[0]], "typo", close[0])
    return None


def _split(items: Sequence[str]) -> list[str]:
    pieces: list[str] = []
    for item in items:
        if " ".join(item.lower().split()) in _NONE_WORDS:
            continue
        for piece in re.split(r"[,;+/]|\band\b|\bplus\b|\bwith\b", item, flags=re.IGNORECASE):
            piece = piece.strip()
            if normalise(piece):  # pieces that are only a dose or filler words name nothing
                pieces.append(piece)
    return pieces


def _worst(levels: Sequence[Level]) -> Level:
    return max(levels, key=LEVELS.index, default="ok")


def check(
    dose_mg: float | None,
    medications: Sequence[str],
    conditions: Sequence[str],
    age: int | None = None,
    purpose: str = "jet lag",
    *,
    allow_high_dose: bool = False,
    opt_in: bool = False,
) -> SafetyVerdict:
    """Check a planned melatonin dose against medicines, conditions and age.

    Parameters
    ----------
    dose_mg : requested dose [mg], or None for the default 0.5 mg immediate release.
    medications, conditions : names as the user wrote them (brands, typos and doses allowed;
        comma-separated lists are split). Either list may hold either kind.
    age : age in years, or None.
    purpose : one of :data:`PURPOSES`.
    allow_high_dose : keep a requested dose above 5 mg instead of capping it.
    opt_in : the user has checked with a clinician; melatonin is then allowed despite cautions.

    Returns a :class:`SafetyVerdict`; raises :class:`CircadianError` for impossible input.
    """
    purpose_key = " ".join(purpose.lower().replace("-", " ").replace("_", " ").split())
    if purpose_key not in PURPOSES:
        raise CircadianError(
            f"unknown purpose {purpose!r}; choose one of: {', '.join(PURPOSES)}", "purpose"
        )
    findings: list[Finding] = []
    messages: list[str] = []

    recommended = _dose(dose_mg, allow_high_dose, findings, messages)

    if age is not None:
        if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130:
            raise CircadianError(f"age must be a whole number of years 0-130, got {age!r}", "age")
        if age < ADULT_AGE:
            findings.append(Finding("age", str(age), _CHILD.name, _CHILD.level,
                                    f"age {age} is under {ADULT_AGE}: {_CHILD.reason}",
                                    _CHILD.source))

    seen = {f.canonical_name for f in findings}
    for source_kind, items in (("medication", medications), ("condition", conditions)):
        for piece in _split(items):
            matches, leftover = _read(piece)
            for match in matches:
                entry = match.entry
                if entry.name in seen:
                    continue
                seen.add(entry.name)
                reason = entry.reason
                if match.how == "typo":
                    reason = (f"read {piece!r} as {match.alias!r} ({entry.name}); if that is "
                              f"wrong, ask a pharmacist: {reason}")
                findings.append(
                    Finding(entry.kind, piece, entry.name, entry.level, reason, entry.source)
                )
            if leftover:
                what = repr(piece) if leftover == normalise(piece) else (
                    f"{leftover!r} (in {piece!r})")
                findings.append(Finding(
                    "unknown", piece, leftover, "caution",
                    f"this tool does not recognise the {source_kind} {what} and cannot check "
                    "it: ask a pharmacist or doctor before taking melatonin",
                    "not in this tool's knowledge base",
                ))

    verdict = _worst([f.level for f in findings])
    blocking = [f for f in findings if f.kind != "dose" and f.level != "ok"]
    allowed = not blocking or opt_in
    if blocking and opt_in:
        messages.append(
            "You confirmed you have checked with a clinician, so melatonin stays in the plan "
            "despite the cautions above."
        )
    elif blocking:
        worst = _worst([f.level for f in blocking])
        messages.append(
            f"Melatonin is left out of the plan ({worst}). Ask a pharmacist or doctor; if they "
            f"agree, rerun with {OPT_IN_FLAG} (in Python: opt_in=True)."
        )
    if any(f.kind == "unknown" for f in findings):
        messages.append(
            "Some names were not recognised and could not be checked: ask a pharmacist."
        )
    return SafetyVerdict(
        verdict=verdict,
        findings=tuple(findings),
        requested_dose_mg=dose_mg,
        recommended_dose_mg=recommended,
        melatonin_allowed=allowed,
        messages=tuple(messages),
        purpose=purpose_key,
    )


def _dose(
    dose_mg: float | None, allow_high: bool, findings: list[Finding], messages: list[str]
) -> float:
    """Validate the requested dose and choose the dose to recommend [mg]."""
    if dose_mg is None:
        messages.append(
            f"No dose given: {DEFAULT_DOSE_MG:g} mg immediate release, which shifts the body "
            "clock as well as 3 mg (Burgess et al. 2010; Revell et al. 2006)."
        )
        return DEFAULT_DOSE_MG
    if isinstance(dose_mg, bool) or not isinstance(dose_mg, (int, float)):
        raise CircadianError(f"dose must be a number of mg, got {dose_mg!r}", "dose")
    if not math.isfinite(dose_mg) or dose_mg <= 0:
        raise CircadianError(f"dose must be a positive number of mg, got {dose_mg:g}", "dose")
    dose = float(dose_mg)
    if dose <= MAX_EVIDENCE_DOSE_MG:
        if dose > DEFAULT_DOSE_MG:
            messages.append(
                f"{dose:g} mg is within the studied range; {DEFAULT_DOSE_MG:g} mg shifts the "
                "clock as well as 3 mg with less next-day drowsiness (Burgess et al. 2010)."
            )
        return dose
    kept = "kept because you allowed a high dose" if allow_high else (
        f"capped at {MAX_EVIDENCE_DOSE_MG:g} mg")
    findings.append(Finding(
        "dose", f"{dose:g} mg", "dose above 5 mg", "caution",
        f"{dose:g} mg is above {MAX_EVIDENCE_DOSE_MG:g} mg: doses above 5 mg gave no extra "
        "benefit for jet lag, bring no extra phase shift, can spill over onto the delay zone "
        "and cause more side effects (next-day drowsiness, headache, dizziness); " + kept,
        SRC_DOSE,
    ))
    messages.append(
        f"Requested {dose:g} mg is more than the evidence supports; " + kept + "."
    )
    return dose if allow_high else MAX_EVIDENCE_DOSE_MG
