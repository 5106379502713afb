"""The closed word classes the extractor reasons with: reporting verbs, titles, pronouns.

These are grammar, not a gazetteer of names: the extractor finds people from how news prose
introduces them (titles, apposition, "X said"), so it works for names it has never seen.
"""

import re


def _verb_forms(base: str) -> set[str]:
    """said/says/saying for `say`; irregular pasts are listed with the base ("tell:told")."""
    base, _, past = base.partition(":")
    if base.endswith("e"):
        stem = base[:-1]
        forms = {base, base + "s", stem + "ing", stem + "ed"}
    elif base.endswith("y") and base[-2] not in "aeiou":
        forms = {base, base[:-1] + "ies", base + "ing", base[:-1] + "ied"}
    elif re.fullmatch(r".*[^aeiou][aeiou][pt]", base) and base not in {"visit", "edit"}:
        forms = {base, base + "s", base + base[-1] + "ing", base + base[-1] + "ed"}
    elif base.endswith(("sh", "ch", "ss", "x")):
        forms = {base, base + "es", base + "ing", base + "ed"}
    else:
        forms = {base, base + "s", base + "ing", base + "ed"}
    if past:
        forms = {f for f in forms if not f.endswith("ed")} | set(past.split("/"))
    return forms


# Verbs that report speech or writing. Verbs of thought (hope, believe, want) are left out on
# purpose: in "America hoped to share its “concerns”" the words are still the speaker's, not
# America's.
REPORTING_VERBS = frozenset(
    form
    for base in (
        "say:said tell:told write:wrote/written read:read sing:sang/sung add state explain warn "
        "insist argue claim note tweet post describe call accuse urge announce declare "
        "acknowledge admit suggest predict reiterate confirm deny reply respond ask answer "
        "recall conclude comment observe remark complain concede contend maintain stress "
        "emphasise emphasize vow promise pledge threaten quip joke shout scream cry whisper "
        "chant testify allege plead brand label dismiss hail praise criticise criticize condemn "
        "lament caution agree counter retort boast recount mutter yell tell:told continue "
        "describe characterise characterize blast slam rule:ruled find:found tell:told "
        "warn demand question charge assert announce reveal report insist repeat "
        "write:wrote/written message text email term"
    ).split()
    for form in _verb_forms(base)
)
# Reporting verbs that need a second word to report: "called on", "pointed out", "went on".
PHRASAL_CUES = (
    "went on",
    "goes on",
    "called on",
    "called for",
    "pointed out",
    "went on",
    "fired back",
    "hit back",
)

# "according to X" attributes without a verb; so does "in her words".
ACCORDING_TO = re.compile(r"\baccording to\s+", re.IGNORECASE)
IN_THEIR_WORDS = re.compile(r"\bin (his|her|their) (?:own )?words,?\s*$", re.IGNORECASE)
# Letters after a name that are not part of it: "Simon Aldridge KC".
POSTNOMINALS = frozenset("kc qc jr sr mp msp mep obe mbe cbe phd md esq ii iii iv".split())

# Words that can stand between a subject and its verb: "he bleakly predicted", "Smith also said".
VERB_MODIFIERS = frozenset(
    "also then later later, previously once again had has have was is were are would will "
    "could might may had has further repeatedly reportedly bleakly simply only just quickly "
    "earlier still flatly angrily calmly firmly openly publicly privately initially finally "
    "again recently told often always never sometimes usually soon already ever even now "
    "once twice rather afterwards subsequently".split()
)

HONORIFICS = {
    "mr": "m",
    "mr.": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "baroness": "f",
    "baron": "m",
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "dr": None,
    "dr.": None,
    "prof": None,
    "prof.": None,
    "professor": None,
    "rev": None,
    "rev.": None,
    "father": "m",
    "sister": "f",
}

# Head words of the titles news prose puts before a name ("US Secretary of State Antony
# Blinken") or in apposition ("Jane Doe, the chief executive of Acme").
ROLE_HEADS = frozenset(
    "rep sen gov cllr det insp supt sgt lt col capt gen atty "
    "president secretary minister chancellor premier judge justice senator sen. governor mayor "
    "executive director coach manager captain officer professor inspector sergeant "
    "commissioner chair chairman chairwoman chairperson spokesperson spokesman spokeswoman "
    "ambassador leader speaker head general colonel detective superintendent constable "
    "prosecutor attorney lawyer barrister solicitor councillor councilor bishop pope "
    "representative rep. congressman congresswoman mp chief founder owner boss economist "
    "analyst researcher scientist author editor correspondent striker midfielder defender "
    "goalkeeper forward winger player driver champion chef doctor nurse surgeon teacher "
    "principal headteacher dean vice-chancellor commander admiral lieutenant major "
    "deputy treasurer trustee partner investor strategist adviser advisor consultant "
    "campaigner activist organiser organizer resident witness expert curator artist "
    "singer actor actress director producer counterpart officer official representative "
    "cfo ceo coo cto chairman vice-president epidemiologist virologist physician "
    "firefighter ranger engineer pilot skipper umpire referee governor-general "
    "ombudsman regulator whip whistleblower auditor registrar coroner magistrate sheriff "
    "marshal warden member cr td mla mpp mhk msp mep".split()
)
GENDERED_WORDS = {
    "spokesman": "m",
    "spokeswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "congressman": "m",
    "congresswoman": "f",
    "actress": "f",
    "businessman": "m",
    "businesswoman": "f",
    "sportsman": "m",
    "sportswoman": "f",
    "father": "m",
    "mother": "f",
    "son": "m",
    "daughter": "f",
    "husband": "m",
    "wife": "f",
    "brother": "m",
    "sister": "f",
    "man": "m",
    "woman": "f",
    "boy": "m",
    "girl": "f",
    "grandfather": "m",
    "grandmother": "f",
    "widow": "f",
    "widower": "m",
    "uncle": "m",
    "aunt": "f",
    "king": "m",
    "queen": "f",
}

# Capitalised words that make a name an organisation ("Acme Holdings", "Ministry of Defence").
ORGANISATION_WORDS = frozenset(
    "ministry department council court police bank company inc inc. ltd ltd. plc llc group "
    "club fc united university college school hospital agency office commission committee "
    "party union association federation board service services trust authority institute "
    "foundation corporation corp corp. holdings technologies systems airlines airways motors "
    "news times post reuters press network government parliament congress senate assembly "
    "league organisation organization society network fund reserve treasury army navy "
    "force forces brigade church charity campaign coalition alliance centre center nation "
    "laboratory labs industries energy pharmaceuticals partners capital bureau tribunal "
    "cabinet kremlin pentagon whitehall nhs fbi cia un nato eu who "
    # Places speak for those in them ("Downing Street said"); none is a person.
    "street road avenue lane square hall palace house station airport stadium park river "
    "bridge county state city town village".split()
)
# Words in the names of businesses, which "the company" or "the firm" can stand for.
BUSINESS_WORDS = frozenset(
    "inc inc. ltd ltd. plc llc group company corporation corp corp. holdings technologies "
    "systems airlines airways motors labs industries pharmaceuticals partners capital "
    "bank energy foods market markets stores media minerals resources mining oil gas petroleum "
    "brands retail logistics properties homes entertainment studios games software networks "
    "communications telecom insurance finance financial investments securities ventures "
    "shipping steel metals chemicals electric power utilities water rail railways records "
    "studios pictures publishing".split()
)
BUSINESS_NOUNS = frozenset("company firm group retailer lender insurer airline carrier".split())
# Documents that "say" things for whoever issued them: "the statement said".
DOCUMENT_NOUNS = frozenset("statement release post letter note filing memo".split())
# Nouns for an organisation spoken of without its name: "the ministry said".
ORGANISATION_NOUNS = frozenset(
    "ministry department council court police bank company firm group club team university "
    "hospital agency office commission committee party union association federation board "
    "service trust authority institute foundation corporation government parliament league "
    "organisation organization charity campaign coalition alliance airline carrier retailer "
    "insurer lender regulator watchdog body force army navy school college family "
    "prosecution defence defense embassy label studio publisher network broadcaster "
    "developer manufacturer maker startup brand outlet newspaper channel nation".split()
)
# Nouns for a person spoken of without a name: "the minister said".
PERSON_NOUNS = (
    ROLE_HEADS
    | frozenset(GENDERED_WORDS)
    | frozenset(
        "victim suspect defendant claimant plaintiff mother father fan fans supporter supporters "
        "resident residents neighbour neighbor owner driver passenger worker patient parent "
        "student teenager pensioner voter shopper customer source sources insider diplomat "
        "member members protester demonstrator commuter villager onlooker marcher pupil critic "
        "official crowd".split()
    )
)
# Indefinite or collective sources: the quote has a speaker nobody names.
UNNAMED_DETERMINERS = frozenset("a an one another some several two three many other".split())

PRONOUNS = {"he": "m", "she": "f", "they": None, "it": None, "him": "m", "her": "f"}
GENDER_CLUES = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}

# Capitalised only because they start a sentence or a clause: never the start of a name.
FUNCTION_WORDS = frozenset(
    "the a an in on at but and or so as if it its he she they we i you this that these those "
    "there their his her our my your after before when while since during with without for "
    "from by to of into onto over under about also however meanwhile although though yet "
    "then now earlier later last next speaking asked writing not no yes all both each every "
    "some many most several such what which who whom whose where why how despite among "
    "until unless because according once instead still even just only like unlike beyond "
    "between through across against along around near outside inside above below within "
    "overall today yesterday tomorrow tonight here one two three four five another asked "
    "analysts officials critics experts many others".split()
)
