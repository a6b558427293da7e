"""Benchmark allylint (and optionally alex) on a deterministic corpus of realistic Markdown prose.

Run from anywhere:  python bench/run.py [--with-alex] [--scale 1,4,16] [--json FILE]

The corpus is generated (seeded, byte-identical on every run) into bench/corpus/ and reused while
its parameters and the generator are unchanged. Each measured command runs under a small wrapper
process that reports its own RUSAGE_CHILDREN, so the peak memory is that of the measured command
alone. Measurements are a list of functions, each returning one table row per tool: add a row by
adding a function to MEASUREMENTS.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gzip
import hashlib
import json
import math
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
CORPUS_ROOT = BENCH / "corpus"
SCRATCH = BENCH / ".scratch"
ALEX_VERSION = "11"
GENERATOR_VERSION = 4  # bump when the generator's output changes
SEED = 20240601
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
FLAG_RATE = 1 / 250  # per word of a sentence; ~1 per 300 words of the whole corpus

# --------------------------------------------------------------------------------------------
# Vocabulary: spaCy's English lookup forms, weighted by spaCy's unigram log-probabilities (Zipf)
# --------------------------------------------------------------------------------------------


def wordlist(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS = wordlist("""
a about above across after again against all almost along already also although always am among
an and another any anyone anything are around as at away back be because been before behind being
below beneath beside besides between beyond both but by can cannot could did do does doing done
down during each either else enough even ever every everyone everything few for from further had
has have having he her here hers herself him himself his how however i if in inside instead into
is it its itself just least less like many may me might mine more most much must my myself near
neither never next no nobody none nor not nothing now of off often on once one only onto or other
others otherwise our ours ourselves out outside over own perhaps quite rather really same several
shall she should since so some someone something sometimes soon still such than that the their
theirs them themselves then there these they this those though through throughout thus to
together too toward towards under unless until up upon us very was we well were what whatever when
whenever where whether which while who whoever whole whom whose why will with within without would
yet you your yours yourself yourselves
""")

FUNCTION_SET = frozenset(FUNCTION_WORDS)

# Words the flagged-phrase inserter controls: kept out of the random draws so that the rate of
# flagged phrases is the one chosen here, not an accident of the vocabulary.
RESERVED = frozenset(
    wordlist("""
    addict addicts addicted crazy crazier craziest insane insanity lunatic lunatics psycho psychos
    psychotic psychotics schizo schizophrenic schizophrenics suicide suicides suicidal mentally
    retard retarded retards maniac maniacs nuts deranged bipolar ocd anorexic anorexics sufferer
    sufferers suffer suffers suffered suffering afflicted stricken voiceless wheelchair
    wheelchairs lame dumb spaz cripple crippled crippling handicapped invalid invalids
    """)
)

# Artefacts of the comment corpus behind spaCy's frequencies, and profanity, which it overweights.
JUNK = frozenset(wordlist("deleted removed nt op lol shit shitty fuck fucking fucked fucks"))
PLAIN_FORM = re.compile(r"[A-Za-z][a-z]*(?:-[a-z]+)?$")


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[str, ...]
    cum_weights: tuple[float, ...]

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


def lookups_dir() -> Path:
    import spacy_lookups_data

    return Path(spacy_lookups_data.__file__).parent / "data"


def load_gz_json(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@functools.cache
def build_vocabulary() -> Vocabulary:
    """Lookup-table forms (keys and lemmas) plus function words, weighted by frequency.

    Weights are exp(log-probability) from spaCy's English lexeme table, with a floor so that the
    long tail still appears: real prose of 800k words has ~50k distinct word forms.
    """
    data = lookups_dir()
    lemmas = load_gz_json(data / "en_lemma_lookup.json.gz")
    probs = load_gz_json(data / "en_lexeme_prob.json.gz")
    forms = {w for pair in lemmas.items() for w in pair if PLAIN_FORM.match(w)}
    forms |= set(FUNCTION_WORDS)
    excluded = RESERVED | JUNK
    forms = {w for w in forms if (len(w) > 1 or w == "a") and w.lower() not in excluded} | {"I"}
    floor = math.exp(-14.5)
    words = tuple(sorted(forms))
    weights = [max(math.exp(probs.get(w, probs.get(w.lower(), -30.0))), floor) for w in words]
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    return Vocabulary(words, tuple(cum))


# --------------------------------------------------------------------------------------------
# Flagged phrases: used (should be reported) and discussed (context should suppress them)
# --------------------------------------------------------------------------------------------

NAMES = wordlist("Sam Alex Priya Jordan Maria Tomás Aisha Chen Leila Marcus Noor Ruth Kofi Hana")
NOUNS = wordlist("""
report meeting project budget schedule deadline kitchen office game team film class
weekend trip launch spreadsheet election match review garden workshop""")
PLACES = wordlist("Leeds Nairobi Ohio Lagos Manila Detroit Glasgow Lima Pune Oslo")

USED = [
    "{Name}'s brother committed suicide in {year}, and the family still talks about it.",
    "My manager is so OCD about the {noun} that nobody else can touch it.",
    "That {noun} was crazy, honestly.",
    "The whole {noun} went crazy after the announcement.",
    "He told his son to man up and stop crying about the {noun}.",
    "Just get over it, she said, and went back to the {noun}.",
    "The city has no plan for the mentally ill, and the clinics keep closing.",
    "Her cousin is an addict who has been in and out of treatment since {year}.",
    "Honestly, I don't see color; I just see people.",
    "She suffers from depression and rarely leaves the house.",
    "Her neighbour is a schizophrenic who lives alone near the station.",
    "Her uncle has been wheelchair-bound since {year}.",
    "After the accident he was confined to a wheelchair.",
    "We want to be a voice for the voiceless in {Place}.",
    "Every December we collect coats for the less fortunate.",
    "All lives matter, he wrote under the post about {Place}.",
    "Hiring from the neighbourhood first is just reverse racism.",
    "The school is opening a new wing for special needs kids.",
    "The film shows a mental patient escaping from a hospital.",
    "She's bipolar, so every {noun} with her is chaotic.",
    "He has been battling depression for {n} years.",
    "The new tenant upstairs is a total psycho.",
    "The {noun} was insane: three hours and no decision.",
    "You're acting crazy about this {noun}.",
    "As an ally, I always make sure the {noun} is inclusive.",
]

DISCUSSED = [
    'Say "died by suicide", not "committed suicide".',
    'Phrases like "so OCD" turn a diagnosis into a personality quirk.',
    "Stop telling boys to man up.",
    'We no longer write "the mentally ill"; we write "people with mental illness".',
    '"Just get over it" is not advice anyone with depression can use.',
    'Avoid "addict": "person with a substance use disorder" keeps the person first.',
    'When someone says "I don\'t see color", they are usually avoiding the conversation.',
    'The style guide says "wheelchair user" rather than "wheelchair-bound".',
    'Why do headlines still say "committed suicide"?',
    'Calling a {noun} "crazy" is lazy writing, the editor said.',
]


def fill(template: str, rng: random.Random) -> str:
    return template.format(
        Name=rng.choice(NAMES),
        noun=rng.choice(NOUNS),
        Place=rng.choice(PLACES),
        year=rng.randint(1995, 2023),
        n=rng.randint(2, 15),
    )


def flagged_sentence(rng: random.Random) -> tuple[str, bool]:
    """A sentence with one flagged phrase, and whether it is used (True) or discussed."""
    if rng.random() < 0.75:
        return fill(rng.choice(USED), rng), True
    return fill(rng.choice(DISCUSSED), rng), False


# --------------------------------------------------------------------------------------------
# Plain prose, for the rows where the pre-filter or a language server needs text that reads like
# writing: word salad from the whole vocabulary nearly always holds some word a rule starts from.
# Neutral third-person prose about a community garden, with none of the words allylint's rules
# and post detectors start from (it avoids "I", "shared", "donated", "more than", ...): the
# pre-filter can tell that a draft made of it cannot give a finding.
# --------------------------------------------------------------------------------------------

GARDEN = [
    "The community garden on Alder Street opened its gates for the season on a cold morning in "
    "early April. Volunteers arrived before eight with rakes, wheelbarrows and flasks of tea, and "
    "by noon the raised beds along the north fence had been turned, weeded and topped with compost "
    "from the bins behind the tool shed.",
    "This year the garden has forty-two plots, six up on last spring. The new ones sit on a "
    "strip of land that the council leased to the garden committee for a rent of one pound a "
    "year. Each plot holder pays a small fee that covers water, seeds for the common beds and "
    "insurance for the tools.",
    "Tomatoes, runner beans and courgettes remain the most popular crops, but several families "
    "have started growing okra, bitter melon and coriander, which grow surprisingly well against "
    "the sheltered brick wall on the south side. A retired teacher keeps a careful log of planting "
    "dates and harvests, and her notes now fill three notebooks.",
    "The committee meets on the first Tuesday of every month in the back room of the library. "
    "Meetings are short and practical: the agenda usually covers the watering rota, repairs to the "
    "greenhouse, and requests from schools that want to bring pupils for an afternoon of planting "
    "and counting worms.",
    "Water is the largest expense. Two large tanks collect rain from the roof of the shed, and a "
    "volunteer plumber fitted a simple drip system last summer that lowered the water bill by "
    "almost a third. On hot days the gate stays open until nine in the evening so that people can "
    "water their plots after work.",
    "Children have their own corner, marked by a hand-painted sign and a low fence made from old "
    "pallets. They grow sunflowers, strawberries and potatoes in old tyres, and every September "
    "they enter the tallest sunflower in the village show. Last year the winner measured just over "
    "three metres.",
    "Not everything goes to plan. Slugs took most of the lettuce in May, a storm in July flattened "
    "the sweetcorn, and the padlock on the shed has been replaced twice. Even so, the common beds "
    "produced over two hundred kilograms of vegetables, most of which ended up at the food bank "
    "on Mill Road.",
    "The garden also hosts a monthly swap table where neighbours trade cuttings, seedlings, jars "
    "of jam and spare pots. Nobody keeps score, and the table is usually empty by lunchtime. A "
    "visiting reporter counted thirty-one varieties of tomato seed changing hands on a single "
    "Saturday.",
    "Plans for next year include a second greenhouse, a covered seating area for quiet afternoons "
    "and a composting workshop run with the local college. The committee is applying for a small "
    "grant to pay for timber and glass, and the application is due at the end of the month.",
    "Anyone who lives nearby can join the waiting list by leaving a name and an email address in "
    "the box by the gate. Plots are offered in the order that requests arrive, and newcomers are "
    "paired with an experienced grower for their first season.",
    "On Saturdays the car park next to the garden turns into a repair café. Volunteers fix "
    "bicycles, toasters, lamps and torn jackets at no charge, asking only that owners stay and "
    "watch so that they can handle the next repair on their own. Spare parts come from "
    "unwanted bikes that are too old to ride.",
    "The café keeps a simple record of every repair on a clipboard. Over the past twelve months "
    "the team mended four hundred and eighty items, and the most common job was replacing brake "
    "cables. Tea and biscuits are free, and a jar by the kettle collects coins for new tools and "
    "inner tubes.",
]

# One is appended to each new clean draft, with its number, so that no two drafts are the same.
UPDATES = [
    "Update {n}: the watering rota for the coming week is pinned to the shed door.",
    "Update {n}: seed potatoes are available from the committee for a small fee.",
    "Update {n}: the greenhouse door has a new hinge, so please close it gently.",
    "Update {n}: leaves for the compost bins can be left in bags by the east gate.",
    "Update {n}: the library has lent the garden a set of folding tables for the swap.",
    "Update {n}: rain is forecast for the weekend, so the hoses can stay coiled.",
    "Update {n}: the school group will visit on Thursday to plant bulbs by the path.",
]

# Paragraphs on the garden's wellbeing work, for the language-server drafts: words that rules
# start from (suicide, crazy) in sentences that allylint accepts, as in a careful draft.
WELLBEING = [
    "Last autumn the garden started a wellbeing morning with the local mental health charity. "
    "People living with depression or anxiety come along on Wednesdays, and a counsellor from the "
    "charity joins the group for tea afterwards. Several members say that an hour of digging "
    "helps their mood far beyond what they expected.",
    "The charity's leaflet on the noticeboard lists crisis lines and explains how to talk with "
    "someone who is having thoughts of suicide: ask directly, listen without judging, and help "
    "them contact a professional. Two volunteers have completed a suicide prevention course, and "
    "the committee plans to offer the training to anyone who wants it.",
    "One plot holder, who has schizophrenia, wrote a short piece for the newsletter about how the "
    "routine of watering helps on difficult days. She asked that the piece describe her as a "
    "person with a diagnosis rather than by the diagnosis, and the editor followed her wording. "
    'The editor also asks contributors not to call ordinary things "crazy" or "insane", and to '
    'write "died by suicide" rather than "committed suicide".',
    "A nurse from the community team held a session on eating disorders and on how to notice "
    "when a friend is having a hard time. The slides, with links to support services and a list "
    "of questions to ask a doctor, are available from the committee on request.",
    "A volunteer who uses a wheelchair designed the raised beds along the south path so that "
    "everyone can reach them, and the committee has asked the council for a smoother surface by "
    "the gate.",
]

# Used phrases that allylint reports (one rule each), for the language-server drafts.
SERVER_FLAGGED = [USED[i] for i in (0, 1, 2, 4, 6, 7, 9, 10, 19, 20, 21, 22, 23)]


def clean_draft(n: int) -> str:
    """The n-th new ~300-word draft of plain prose that allylint has nothing to say about."""
    paragraphs = [*GARDEN[:5], UPDATES[n % len(UPDATES)].format(n=n + 1)]
    return "# Spring at the Alder Street garden\n\n" + "\n\n".join(paragraphs) + "\n"


def server_draft(n: int) -> str:
    """The n-th ~500-word draft of plain prose: seven garden paragraphs, two on wellbeing and an
    update, with one or two used flagged phrases, each at the end of a paragraph."""
    rng = random.Random(f"{SEED}:server:{n}")
    paragraphs = [GARDEN[(n + k) % len(GARDEN)] for k in range(7)]
    paragraphs.insert(2, WELLBEING[n % len(WELLBEING)])
    paragraphs.insert(5, WELLBEING[(n + 2) % len(WELLBEING)])
    paragraphs.append(UPDATES[n % len(UPDATES)].format(n=n + 1))
    k = 1 + n % 2
    hosts, templates = rng.sample(range(len(paragraphs) - 1), k), rng.sample(SERVER_FLAGGED, k)
    for i, template in zip(hosts, templates, strict=True):
        paragraphs[i] += " " + fill(template, rng)
    return f"# Garden notes, week {n + 1}\n\n" + "\n\n".join(paragraphs) + "\n"


# --------------------------------------------------------------------------------------------
# Prose: sentences, paragraphs, Markdown blocks, files
# --------------------------------------------------------------------------------------------

CONTRACTIONS = wordlist("""
don't it's we're can't I'm they've wouldn't let's isn't didn't you'll she's
that's there's won't we've I'd aren't doesn't couldn't he's they're""")
ENDINGS = [".", ".", ".", ".", ".", ".", ".", ".", ".", ".", "?", "?", "!", "...", ":"]
TLDS = ["org", "com", "net", "io", "co.uk"]


@dataclass
class Stats:
    words: int = 0
    used: int = 0
    discussed: int = 0

    def add(self, other: Stats) -> None:
        self.words += other.words
        self.used += other.used
        self.discussed += other.discussed


@dataclass
class Writer:
    """Writes one file's prose from its own random stream."""

    rng: random.Random
    vocab: Vocabulary
    flags: bool = True
    stats: Stats = field(default_factory=Stats)

    def number(self) -> str:
        r = self.rng
        kind = r.randrange(9)
        if kind == 0:
            return str(r.randint(2, 99))
        if kind == 1:
            return str(r.randint(1900, 2024))
        if kind == 2:
            return f"{r.randint(1, 99)},{r.randint(0, 999):03d}"
        if kind == 3:
            return f"{r.randint(0, 99)}.{r.randint(0, 9)}"
        if kind == 4:
            return f"{r.randint(1, 99)}%"
        if kind == 5:
            return f"${r.randint(5, 900)}"
        if kind == 6:
            return f"{r.randint(1, 12)}:{r.choice(['00', '15', '30', '45'])}"
        if kind == 7:
            return f"{r.randint(192, 199)}0s"
        return f"{r.randint(1, 31)}th"

    def words(self, n: int) -> list[str]:
        r = self.rng
        out = self.vocab.draw(r, n)
        for i, w in enumerate(out):
            x = r.random()
            if x < 0.025:
                out[i] = self.number()
            elif x < 0.045:
                out[i] = r.choice(CONTRACTIONS)
            elif x < 0.055 and w.isalpha() and w.lower() not in FUNCTION_SET:
                out[i] = w + "'s"
        return out

    def sentence_length(self) -> int:
        return max(3, min(60, round(self.rng.lognormvariate(2.8, 0.5))))

    def decorate(self, words: list[str]) -> list[str]:
        """Commas, dashes, brackets, quotes and inline Markdown inside a sentence."""
        r = self.rng
        n = len(words)
        for i in range(n - 1):
            x = r.random()
            if x < 0.07:
                words[i] += ","
            elif x < 0.075:
                words[i] += ";"
            elif x < 0.085:
                words[i] += " \u2014"
        if n > 6:
            self.wrap_span(words, r.random())
        return words

    def wrap_span(self, words: list[str], x: float) -> None:
        r = self.rng
        marks = [
            (0.05, "(", ")"),
            (0.09, '"', '"'),
            (0.15, "*", "*"),
            (0.18, "**", "**"),
            (0.20, "`", "`"),
            (0.24, "[", "]"),
        ]
        chosen = [(left, right) for limit, left, right in marks if x < limit]
        if not chosen:
            return
        left, right = chosen[0]
        length = r.randint(1, 4)
        start = r.randrange(1, len(words) - length)
        end = start + length - 1
        words[start] = left + words[start].rstrip(",;")
        words[end] = words[end].rstrip(",;") + right
        if left == "[":
            slug = "-".join(w.strip("[]*`\"(),;'").lower() for w in words[start : end + 1])
            words[end] += f"(https://{r.choice(['www.', ''])}example.{r.choice(TLDS)}/{slug})"

    def sentence(self) -> str:
        r = self.rng
        text = " ".join(self.decorate(self.words(self.sentence_length())))
        text = text[0].upper() + text[1:] + r.choice(ENDINGS)
        if text[-2] in ",;":
            text = text[:-2] + text[-1]
        if self.flags and r.random() < len(text.split()) * FLAG_RATE:
            flagged, used = flagged_sentence(r)
            self.stats.used += used
            self.stats.discussed += not used
            text = f"{text} {flagged}" if r.random() < 0.5 else f"{flagged} {text}"
        return text

    def paragraph(self, wrap: bool) -> str:
        n = max(1, min(9, round(self.rng.gauss(4, 2))))
        text = " ".join(self.sentence() for _ in range(n))
        return hard_wrap(text, 80) if wrap else text

    def title(self, n: int) -> str:
        words = [w for w in self.vocab.draw(self.rng, n * 2) if w.isalpha()][:n] or ["Notes"]
        return " ".join(w[0].upper() + w[1:] for w in words)

    def bullets(self, ordered: bool) -> str:
        items = []
        bullet = self.rng.choice("-*")
        for i in range(self.rng.randint(2, 7)):
            marker = f"{i + 1}." if ordered else bullet
            if self.rng.random() < 0.5:
                body = self.sentence()
            else:
                body = " ".join(self.words(self.rng.randint(2, 8)))
            items.append(f"{marker} {body}")
        return "\n".join(items)

    def code_block(self) -> str:
        r = self.rng
        ident = [w.lower().replace("-", "_") for w in self.vocab.draw(r, 12) if w.isalpha()]
        ident += ["data", "value", "crazy_flag"]
        lang = r.choice(["python", "sh", "json", "yaml", ""])
        templates = [
            "{a} = {b}({c}, {n})",
            "def {a}_{b}({c}):",
            "    return {a}.{b}",
            '"{a}": "{b} {c}",',
            "./{a}-{b} --{c}",
            "{a}: {b}",
        ]
        lines = [
            r.choice(templates).format(
                a=r.choice(ident), b=r.choice(ident), c=r.choice(ident), n=r.randint(0, 99)
            )
            for _ in range(r.randint(2, 10))
        ]
        return f"```{lang}\n" + "\n".join(lines) + "\n```"

    def table(self) -> str:
        r = self.rng
        cols = r.randint(2, 4)
        rows = [[self.title(r.randint(1, 2)) for _ in range(cols)]]
        rows += [[self.cell() for _ in range(cols)] for _ in range(r.randint(2, 6))]
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + "---|" * cols)
        return "\n".join(lines)

    def cell(self) -> str:
        if self.rng.random() < 0.5:
            return self.number()
        return " ".join(self.words(self.rng.randint(1, 4)))

    def block(self, wrap: bool) -> str:
        x = self.rng.random()
        if x < 0.72:
            return self.paragraph(wrap)
        if x < 0.84:
            return self.bullets(ordered=False)
        if x < 0.89:
            return self.bullets(ordered=True)
        if x < 0.94:
            return "> " + self.paragraph(wrap).replace("\n", "\n> ")
        if x < 0.98:
            return self.code_block()
        return self.table()

    def front_matter(self, title: str) -> str:
        r = self.rng
        tags = ", ".join(w.lower() for w in self.vocab.draw(r, r.randint(1, 4)))
        return (
            f'---\ntitle: "{title}"\ndate: {r.randint(2015, 2024)}-{r.randint(1, 12):02d}-'
            f"{r.randint(1, 28):02d}\nauthor: {r.choice(NAMES)}\ntags: [{tags}]\n"
            f"draft: {r.choice(['true', 'false'])}\n---"
        )

    def document(self, target_words: int) -> str:
        r = self.rng
        wrap = r.random() < 0.5
        title = self.title(r.randint(2, 7))
        parts = [self.front_matter(title), f"# {title}"] if r.random() < 0.8 else [f"# {title}"]
        self.stats.words = count_words(*parts)
        blocks = 0
        while True:
            before = replace(self.stats)
            new = [self.block(wrap)]
            if blocks and r.random() < 0.2:
                new.insert(0, f"{'#' * r.choice([2, 2, 3])} {self.title(r.randint(1, 6))}")
            n = count_words(*new)
            if blocks and before.words + n / 2 > target_words:  # nearer the target without it
                self.stats = before
                break
            parts += new
            blocks += 1
            self.stats.words += n
        return "\n\n".join(parts) + "\n"


def count_words(*texts: str) -> int:
    return sum(len(WORD_RE.findall(t)) for t in texts)


def hard_wrap(text: str, width: int) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


# --------------------------------------------------------------------------------------------
# Corpus on disk
# --------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    path: Path
    files: int
    words: int
    bytes: int
    used: int
    discussed: int
    sha256: str


def file_lengths(files: int, words: int, block: int) -> list[int]:
    """Lengths (in words) of one block of `files` files, log-normal, summing to about `words`."""
    rng = random.Random(f"{SEED}:lengths:{block}")
    raw = [rng.lognormvariate(0, 0.8) for _ in range(files)]
    scale = words / sum(raw)
    return [max(30, round(x * scale)) for x in raw]


def corpus_dir(files: int, words: int, scale: int) -> Path:
    return CORPUS_ROOT / f"f{files}-w{words}-x{scale}"


def build_corpus(files: int, words: int, scale: int, force: bool = False) -> Corpus:
    """The corpus for these parameters, generated unless an identical one is already on disk.

    File i is written from its own seed, so the first `files` files of a larger scale are the
    1x corpus itself: scaling extends the corpus with new prose rather than repeating it.
    """
    path = corpus_dir(files, words, scale)
    stamp = path / ".stamp.json"
    params = {
        "generator": GENERATOR_VERSION,
        "spacy-lookups-data": package_version("spacy-lookups-data"),
        "files": files,
        "words": words,
        "scale": scale,
    }
    if not force and stamp.exists():
        saved = json.loads(stamp.read_text())
        if saved.get("params") == params and saved["corpus"]["sha256"] == digest_dir(path):
            return Corpus(path=path, **saved["corpus"])
    log(f"generating corpus {path.relative_to(BENCH.parent)} ...")
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    vocab = build_vocabulary()
    total = Stats()
    size = 0
    for block in range(scale):
        for j, length in enumerate(file_lengths(files, words, block)):
            i = block * files + j
            writer = Writer(random.Random(f"{SEED}:file:{i}"), vocab)
            data = writer.document(length).encode("utf-8")
            name = f"{i // 100:03d}/post-{i:05d}.md"
            (path / name).parent.mkdir(exist_ok=True)
            (path / name).write_bytes(data)
            size += len(data)
            total.add(writer.stats)
    corpus = Corpus(
        path, files * scale, total.words, size, total.used, total.discussed, digest_dir(path)
    )
    saved_corpus = {k: v for k, v in asdict(corpus).items() if k != "path"}
    stamp.write_text(json.dumps({"params": params, "corpus": saved_corpus}, indent=1))
    return corpus


def digest_dir(path: Path) -> str:
    """sha256 over the names and bytes of the corpus files, in order."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*.md")):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def small_file(name: str, flagged: bool) -> Path:
    """A 290-320-word Markdown draft, with one used flagged phrase (after its title) or none."""
    path = CORPUS_ROOT / "small" / name
    text = ""
    for attempt in range(20):  # the first seed whose draft has about 300 words
        writer = Writer(random.Random(f"{SEED}:small:{name}:{attempt}"), build_vocabulary(), False)
        text = writer.document(300)
        if flagged:
            lines = text.split("\n")
            title = next(i for i, line in enumerate(lines) if line.startswith("# "))
            lines[title + 1 : title + 1] = ["", fill(USED[0], writer.rng)]
            text = "\n".join(lines)
        if 290 <= count_words(text) <= 320:
            break
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# Running and measuring commands
# --------------------------------------------------------------------------------------------

# Runs one command and prints its wall time and its own RUSAGE_CHILDREN: that child alone.
WRAPPER = """
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    t = time.perf_counter()
    rc = subprocess.run(sys.argv[3:], stdin=subprocess.DEVNULL, stdout=out, stderr=err).returncode
    wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
                  "rc": rc}))
"""


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    maxrss_kb: int
    rc: int
    stdout: str
    stderr: str


def measure(argv: Sequence[str], cwd: Path) -> Sample:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    out, err = SCRATCH / "last.stdout", SCRATCH / "last.stderr"
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(out), str(err), *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(proc.stdout)
    return Sample(
        wall=figures["wall"],
        cpu=figures["cpu"],
        maxrss_kb=figures["maxrss_kb"],
        rc=figures["rc"],
        stdout=out.read_text(encoding="utf-8", errors="replace"),
        stderr=err.read_text(encoding="utf-8", errors="replace"),
    )


# --------------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    name: str  # as shown in the table: "alex", or allylint with the options that matter
    argv: Callable[[Path], list[str]]
    findings: Callable[[Sample], int | None]
    ok_codes: tuple[int, ...]


def allylint_tool(cmd: Sequence[str], extra: Sequence[str], name: str = "allylint") -> Tool:
    def argv(target: Path) -> list[str]:
        return [*cmd, "check", "--format", "json", "--exit-zero", *extra, str(target)]

    def findings(sample: Sample) -> int | None:
        try:
            return len(json.loads(sample.stdout))
        except ValueError:
            return None

    return Tool(name, argv, findings, (0,))


ALEX_SUMMARY = re.compile(r"(\d+) (?:warnings?|messages?)")


def alex_tool(binary: Path) -> Tool:
    def argv(target: Path) -> list[str]:
        return [str(binary), str(target)]

    def findings(sample: Sample) -> int | None:
        counts = ALEX_SUMMARY.findall(sample.stderr)
        if counts:
            return int(counts[-1])
        return 0 if sample.rc == 0 else None

    return Tool("alex", argv, findings, (0, 1))


def install_alex() -> Path:
    binary = SCRATCH / "node_modules" / ".bin" / "alex"
    if not binary.exists():
        log(f"installing alex@{ALEX_VERSION} into {SCRATCH} ...")
        subprocess.run(
            ["npm", "install", "--prefix", str(SCRATCH), f"alex@{ALEX_VERSION}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return binary


# --------------------------------------------------------------------------------------------
# Measurements: each returns its rows, one per tool it applies to
# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    measurement: str
    tool: str
    files: int
    words: int
    runs: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    findings: int | None
    exit_codes: list[int]
    command: str
    error: str | None = None  # the end of stderr of a run that failed
    note: str = ""
    compare: str | None = None  # the measurement whose alex row this row is compared with
    words_per_s: float = 0.0
    ratio: float | None = None  # alex's wall time / this row's (>1: this row is faster)
    cpu_ratio: float | None = None  # the same for CPU time

    def __post_init__(self) -> None:
        self.words_per_s = self.words / self.wall_s if self.wall_s else 0.0


@dataclass
class Bench:
    args: argparse.Namespace
    corpora: dict[int, Corpus]
    small: dict[str, tuple[Path, int]]  # name -> (path, words)
    notes: list[str] = field(default_factory=list)  # printed under the table
    outputs: dict[str, str] = field(default_factory=dict)  # JSON findings kept for checks
    rows: list[Row] = field(default_factory=list)  # those of the measurements made so far

    def allylint(self, *options: str, name: str | None = None) -> Tool:
        """allylint check with these options (after --check-args), named by them."""
        cmd, extra = shlex.split(self.args.cmd), shlex.split(self.args.check_args)
        return allylint_tool(cmd, [*extra, *options], name or shlex.join(["allylint", *options]))


Measurement = Callable[[Bench, Sequence[Tool]], list[Row]]

NO_CACHE = ("--no-cache",)
JOBS_1 = ("--jobs", "1", "--no-cache")
JOBS_2 = ("--jobs", "2", "--no-cache")
BIG_BYTES = 10_000_000
SERVER_DRAFTS = 10
SERVER_TIMEOUT = 300.0  # seconds; a safety net, never a pause: every step waits on a message


def timed(tools: Sequence[Tool], target: Path, runs: int) -> dict[str, list[Sample]]:
    """Run each tool on `target` `runs` times, the tools taking turns so that a burst of load on
    the machine hits them alike."""
    samples: dict[str, list[Sample]] = {t.name: [] for t in tools}
    for _ in range(runs):
        for tool in tools:
            samples[tool.name].append(measure(tool.argv(target), BENCH.parent))
    return samples


def timed_rows(
    name: str, tools: Sequence[Tool], target: Path, files: int, words: int, runs: int
) -> list[Row]:
    """`timed`, as one row per tool with the medians."""
    samples = timed(tools, target, runs)
    return [row_of(name, tool, target, files, words, samples[tool.name]) for tool in tools]


def row_of(
    name: str, tool: Tool, target: Path, files: int, words: int, samples: Sequence[Sample]
) -> Row:
    failed = [s for s in samples if s.rc not in tool.ok_codes]
    row = Row(
        measurement=name,
        tool=tool.name,
        files=files,
        words=words,
        runs=len(samples),
        wall_s=statistics.median(s.wall for s in samples),
        cpu_s=statistics.median(s.cpu for s in samples),
        peak_rss_mb=statistics.median(s.maxrss_kb for s in samples) / 1024,
        findings=None if failed else tool.findings(samples[-1]),
        exit_codes=sorted({s.rc for s in samples}),
        command=shlex.join(tool.argv(target)),
        error=failed[-1].stderr.strip()[-600:] if failed else None,
    )
    status = f"FAILED (exit {failed[-1].rc}): {row.error}" if failed else f"{row.findings} findings"
    log(f"  {name} / {tool.name}: {row.wall_s:.2f} s, {row.peak_rss_mb:.0f} MB, {status}")
    return row


def same_findings(a: str, b: str) -> str:
    """Whether two JSON outputs of allylint hold the same findings, in words."""
    try:
        first, second = json.loads(a), json.loads(b)
    except ValueError:
        return "could not be compared (not JSON: see the failed row)"
    if first == second:
        return f"identical ({len(first):,} findings)"
    return f"DIFFERENT ({len(first):,} and {len(second):,} findings)"


def rel(path: Path) -> str:
    """`path` as given on the command line: the commands run in the repository's root."""
    return str(path.relative_to(BENCH.parent))


def corpus_rows(bench: Bench, peers: Sequence[Tool]) -> list[Row]:
    """The 1x corpus as one folder: allylint with one and two processes, and the peers."""
    c = bench.corpora[1]
    one, two = bench.allylint(*JOBS_1), bench.allylint(*JOBS_2)
    tools = [one, two, *peers]
    samples = timed(tools, c.path, bench.args.runs_corpus)
    rows = [row_of("corpus x1", t, c.path, c.files, c.words, samples[t.name]) for t in tools]
    if rows[0].findings == 0:
        log("  warning: allylint found nothing in the corpus: did it skip the files?")
    bench.outputs["jobs 2"] = samples[two.name][-1].stdout
    check = same_findings(samples[one.name][-1].stdout, samples[two.name][-1].stdout)
    bench.notes.append(f"Corpus x1: the JSON findings of `--jobs 1` and `--jobs 2` are {check}.")
    return rows


def cache_rows(bench: Bench, peers: Sequence[Tool]) -> list[Row]:
    """The 1x corpus with the results cache: a first run with an empty cache folder, then a
    second over the unchanged corpus, answered from it."""
    c = bench.corpora[1]
    folder = SCRATCH / "cache"
    tool = bench.allylint("--cache-dir", rel(folder))
    first: list[Sample] = []
    second: list[Sample] = []
    for _ in range(bench.args.runs_corpus):
        shutil.rmtree(folder, ignore_errors=True)
        first.append(measure(tool.argv(c.path), BENCH.parent))
        second.append(measure(tool.argv(c.path), BENCH.parent))
    cold = row_of("corpus x1, cache: first run", tool, c.path, c.files, c.words, first)
    warm = row_of("corpus x1, cache: second run", tool, c.path, c.files, c.words, second)
    for row in cold, warm:
        row.compare = "corpus x1"
    warm.note = (
        f"first/second: {cold.wall_s / warm.wall_s:.1f}x wall, {cold.cpu_s / warm.cpu_s:.1f}x CPU"
    )
    check = same_findings(first[-1].stdout, second[-1].stdout)
    note = f"Results cache, corpus x1: the JSON findings of the first and second runs are {check}"
    if "jobs 2" in bench.outputs:
        versus = same_findings(bench.outputs["jobs 2"], first[-1].stdout).split(" (")[0]
        note += f"; the first run's and those of `--jobs 2 --no-cache` are {versus}"
    bench.notes.append(f"{note}. First/second: {warm.note.removeprefix('first/second: ')}.")
    return [cold, warm]


def small_rows(bench: Bench, peers: Sequence[Tool]) -> list[Row]:
    """A ~300-word draft end to end: what a user waits for on save or in a pre-commit hook."""
    rows = []
    tools = [bench.allylint(*NO_CACHE), *peers]
    for name, (path, words) in bench.small.items():
        rows += timed_rows(name, tools, path, 1, words, bench.args.runs_small)
    return rows


def prefilter_rows(bench: Bench, peers: Sequence[Tool]) -> list[Row]:
    """A new ~300-word clean draft of plain prose, linted twice per run: with `--no-cache` (a
    first run: the pre-filter assembled from the shipped words answers it) and with a cache
    folder that already holds the pre-filter (saved by linting another file). Each run lints a
    file never seen before, so no results cache can answer it; neither loads the rules."""
    folder = SCRATCH / "cache-prefilter"
    shutil.rmtree(folder, ignore_errors=True)
    cached = bench.allylint("--cache-dir", rel(folder))
    warm_up = measure(cached.argv(bench.small["small draft, flagged"][0]), BENCH.parent)
    if warm_up.rc != 0:
        log(f"  warning: warming the cache failed (exit {warm_up.rc}): {warm_up.stderr[-300:]}")
    drafts = CORPUS_ROOT / "small" / "new"
    shutil.rmtree(drafts, ignore_errors=True)
    drafts.mkdir(parents=True)
    kinds = {
        "new clean draft, first run": (bench.allylint(*NO_CACHE), "a new file each run"),
        "new clean draft, warm pre-filter": (
            cached,
            "a new file each run; cache folder warmed on small/flagged.md",
        ),
    }
    rows = []
    for k, (name, (tool, note)) in enumerate(kinds.items()):
        samples, words = [], []
        for n in range(bench.args.runs_small):
            path = drafts / f"draft-{k}{n + 1:02d}.md"
            text = clean_draft(k * bench.args.runs_small + n)
            path.write_text(text, encoding="utf-8")
            words.append(count_words(text))
            samples.append(measure(tool.argv(path), BENCH.parent))
        row = row_of(name, tool, drafts / "draft-NN.md", 1, int(statistics.median(words)), samples)
        row.compare = "small draft, clean"
        row.note = note
        found = [tool.findings(s) for s in samples]
        if any(f != 0 for f in found):
            row.note += f"; FINDINGS in a clean draft: {found}"
        rows.append(row)
    return rows


def empty_rows(bench: Bench, peers: Sequence[Tool]) -> list[Row]:
    """The fixed cost of one run: start-up, loading rules and models, on an empty file."""
    path = CORPUS_ROOT / "small" / "empty.md"
    path.write_text("")
    tools = [bench.allylint(*NO_CACHE), *peers]
    return timed_rows("empty file (start-up)", tools, path, 1, 0, bench.args.runs_small)


def scale_rows(bench: Bench, peers: Sequence[Tool]) -> list[Row]:
    """The larger corpora (4x, 16x, ...) with two processes: with a linear cost, words/s stays
    that of the 1x row with the same options, once the fixed start-up is left out."""
    tool = bench.allylint(*JOBS_2)
    rows = []
    for scale, c in sorted(bench.corpora.items()):
        if scale > 1:
            runs = bench.args.runs_corpus
            rows += timed_rows(f"corpus x{scale}", [tool], c.path, c.files, c.words, runs)
    base = [r for r in bench.rows if r.measurement == "corpus x1" and r.tool == tool.name]
    if not rows or not base or base[0].error or not base[0].words_per_s:
        return rows
    empty = [r for r in bench.rows if r.measurement.startswith("empty file") and r.tool != "alex"]
    start_s = empty[0].wall_s if empty and not empty[0].error else None
    parts, net = [], []
    for row in [base[0], *rows]:
        share = row.words_per_s / base[0].words_per_s
        if row is not base[0]:
            row.note = f"words/s {share:.2f}x that of x1"
        size = row.measurement.removeprefix("corpus ")
        parts.append(f"{size} {row.words_per_s:,.0f} ({share:.2f}x)")
        if start_s is not None and row.wall_s > start_s:
            net.append(f"{size} {row.words / (row.wall_s - start_s):,.0f}")
    note = f"Linearity, `{tool.name}`: words/s " + ", ".join(parts)
    if start_s is not None and len(net) == len(parts):
        note += f"; leaving out the start-up (the empty file's {start_s:.2f} s): " + ", ".join(net)
    bench.notes.append(note + ".")
    return rows


def big_file(bench: Bench) -> tuple[Path, int, int]:
    """One Markdown file of at least BIG_BYTES bytes: the corpus files in order, separated by
    blank lines (taken from a corpus large enough, built if need be). Path, words, files."""
    x1 = bench.corpora[1]
    large = [c for c in bench.corpora.values() if c.bytes >= BIG_BYTES * 1.01]
    scale = math.ceil(BIG_BYTES * 1.01 / x1.bytes)
    args = bench.args
    corpus = (
        min(large, key=lambda c: c.files) if large else build_corpus(args.files, args.words, scale)
    )
    parts: list[str] = []
    size = 0
    for file in sorted(corpus.path.rglob("*.md")):
        if size >= BIG_BYTES:
            break
        parts.append(file.read_text(encoding="utf-8").rstrip("\n"))
        size += len(parts[-1].encode("utf-8")) + 2
    text = "\n\n".join(parts) + "\n"
    path = CORPUS_ROOT / "big" / f"{BIG_BYTES // 1_000_000}mb.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path, count_words(text), len(parts)


def big_file_rows(bench: Bench, peers: Sequence[Tool]) -> list[Row]:
    """One 10 MB Markdown file: the cost of a single large document, in one process."""
    path, words, files = big_file(bench)
    size = path.stat().st_size / 1e6
    name = f"one {size:.0f} MB file"
    rows = timed_rows(name, [bench.allylint(*NO_CACHE)], path, 1, words, bench.args.runs_corpus)
    rows[0].note = f"{files:,} corpus files concatenated, {size:.1f} MB"
    return rows


@dataclass
class Open:
    """One didOpen, timed until its publishDiagnostics."""

    words: int
    latency_s: float
    cpu_s: float  # the server's, over the same interval (clock-tick resolution)
    diagnostics: int


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a live process so far (0 where /proc is missing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_peak_rss_kb(pid: int) -> int:
    """The peak resident set of a live process, in KiB (0 where /proc is missing)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


async def server_session(
    command: Sequence[str], warm_up: str, drafts: Sequence[str]
) -> tuple[Open, list[Open], int, int | None]:
    """Start the language server, open `warm_up`, then each draft, one at a time, each as a new
    document: the warm-up's Open, the drafts' Opens, the server's peak RSS (KiB) and exit code."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("allylint-bench", "1")
    loop = asyncio.get_running_loop()
    waiting: dict[str, asyncio.Future[tuple[float, int]]] = {}

    def published(params: types.PublishDiagnosticsParams) -> None:
        now = time.perf_counter()
        future = waiting.pop(params.uri, None)
        if future is not None and not future.done():
            future.set_result((now, len(params.diagnostics)))

    def message(params: types.ShowMessageParams) -> None:
        log(f"  the server says: {params.message}")
        for future in waiting.values():
            if not future.done():
                future.set_exception(RuntimeError(f"the server says: {params.message}"))

    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(published)
    client.feature(types.WINDOW_SHOW_MESSAGE)(message)
    await client.start_io(command[0], *command[1:], cwd=str(BENCH.parent))
    server = client._server
    pid = server.pid if server is not None else 0
    folder = CORPUS_ROOT / "server"

    async def open_document(n: int, text: str) -> Open:
        uri = (folder / f"draft-{n:02d}.md").as_uri()
        future: asyncio.Future[tuple[float, int]] = loop.create_future()
        waiting[uri] = future
        cpu = proc_cpu(pid)
        start = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text=text
                )
            )
        )
        end, diagnostics = await asyncio.wait_for(future, SERVER_TIMEOUT)
        return Open(count_words(text), end - start, proc_cpu(pid) - cpu, diagnostics)

    try:
        root = BENCH.parent.as_uri()
        await asyncio.wait_for(
            client.initialize_async(
                types.InitializeParams(
                    process_id=os.getpid(),
                    root_uri=root,
                    workspace_folders=[types.WorkspaceFolder(uri=root, name="root")],
                    capabilities=types.ClientCapabilities(),
                )
            ),
            SERVER_TIMEOUT,
        )
        client.initialized(types.InitializedParams())
        first = await open_document(0, warm_up)
        opens = [await open_document(n + 1, text) for n, text in enumerate(drafts)]
        peak = proc_peak_rss_kb(pid)
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        stop: Callable[[], Awaitable[None]] = client.stop  # pygls leaves it unannotated
        await stop()
    return first, opens, peak, server.returncode if server is not None else None


def server_rows(bench: Bench, peers: Sequence[Tool]) -> list[Row]:
    """The language server: after a first document (the rules and the tokenizer load), the time
    from sending didOpen for a new ~500-word draft to receiving its diagnostics."""
    command = [*shlex.split(bench.args.cmd), "server"]
    warm_up = bench.small["small draft, flagged"][0].read_text(encoding="utf-8")
    drafts = [server_draft(n) for n in range(SERVER_DRAFTS)]
    first, opens, peak_kb, rc = asyncio.run(server_session(command, warm_up, drafts))
    latencies = [o.latency_s for o in opens]
    median, worst = statistics.median(latencies), max(latencies)
    row = Row(
        measurement="language server: didOpen to diagnostics",
        tool="allylint server",
        files=len(opens),
        words=sum(o.words for o in opens),
        runs=len(opens),
        wall_s=median,
        cpu_s=statistics.median(o.cpu_s for o in opens),
        peak_rss_mb=peak_kb / 1024,
        findings=sum(o.diagnostics for o in opens),
        exit_codes=[] if rc is None else [rc],
        command=shlex.join(command),
        note=(
            f"median {median * 1000:.0f} ms, max {worst * 1000:.0f} ms per new draft; "
            f"first document {first.latency_s:.2f} s"
        ),
    )
    row.words_per_s = row.words / sum(latencies)  # throughput over the drafts, not per median
    if any(o.diagnostics == 0 for o in opens):
        row.note += f"; NO diagnostics for some drafts: {[o.diagnostics for o in opens]}"
    log(f"  {row.measurement}: {row.note}, {row.peak_rss_mb:.0f} MB, {row.findings} diagnostics")
    bench.notes.append(
        f"Language server: from didOpen to publishDiagnostics for {len(opens)} new drafts of "
        f"~{statistics.median(o.words for o in opens):.0f} words (one or two flagged phrases "
        f"each), opened one at a time after a first document: median {median * 1000:.0f} ms, "
        f"max {worst * 1000:.0f} ms (first document, which loads the rules and the tokenizer: "
        f"{first.latency_s * 1000:.0f} ms)."
    )
    return [row]


MEASUREMENTS: list[Measurement] = [
    corpus_rows,
    cache_rows,
    small_rows,
    prefilter_rows,
    empty_rows,
    scale_rows,
    big_file_rows,
    server_rows,
]


def add_ratios(rows: list[Row]) -> None:
    """Compare each allylint row with alex's row on the same measurement (or on `compare`)."""
    alex = {r.measurement: r for r in rows if r.tool == "alex" and not r.error}
    for row in rows:
        ref = alex.get(row.compare or row.measurement)
        if row.tool != "alex" and ref and row.wall_s and row.cpu_s:
            row.ratio = ref.wall_s / row.wall_s
            row.cpu_ratio = ref.cpu_s / row.cpu_s


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    info = {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "python": platform.python_version(),
        "spacy": package_version("spacy"),
        "allylint": package_version("allylint"),
    }
    mem = Path("/proc/meminfo")
    if mem.exists():
        kb = int(mem.read_text().split()[1])
        info["memory"] = f"{kb / 1024 / 1024:.0f} GiB"
    return info


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def alex_versions() -> dict[str, str]:
    package = SCRATCH / "node_modules" / "alex" / "package.json"
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {"alex": json.loads(package.read_text())["version"], "node": node}


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def fmt_num(x: float | int | None, digits: int = 0) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.{digits}f}"


def table(rows: Sequence[Row]) -> str:
    head = [
        "measurement",
        "tool",
        "files",
        "words",
        "runs",
        "wall (s)",
        "CPU (s)",
        "words/s",
        "peak RSS (MB)",
        "findings",
        "alex ÷ this, wall",
        "alex ÷ this, CPU",
        "notes",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * 2 + "---:|" * (len(head) - 3) + "---|"]
    for r in rows:
        cells = [
            r.measurement,
            f"`{r.tool}`" if r.tool != "alex" else r.tool,
            fmt_num(r.files),
            fmt_num(r.words),
            str(r.runs),
            fmt_num(r.wall_s, 3 if r.wall_s < 0.1 else 2),
            fmt_num(r.cpu_s, 3 if r.cpu_s < 0.1 else 2),
            fmt_num(r.words_per_s) if r.words else "",
            fmt_num(r.peak_rss_mb),
            f"failed (exit {r.exit_codes[-1]})" if r.error else fmt_num(r.findings),
            f"{r.ratio:.2f}x" if r.ratio is not None else "",
            f"{r.cpu_ratio:.2f}x" if r.cpu_ratio is not None else "",
            r.note,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(
    run: dict[str, str], corpora: dict[int, Corpus], rows: Sequence[Row], notes: Sequence[str]
) -> str:
    out = ["## allylint benchmark", ""]
    if "command" in run:
        out.append(f"Run {run['date']}: `{run['command']}`  ")
        out.append(
            f"Load average (1, 5, 15 min): {run['load at start']} at the start, "
            f"{run['load at end']} at the end  "
        )
    out.append("Machine: " + run["machine"])
    out.append("")
    for scale, c in sorted(corpora.items()):
        out.append(
            f"Corpus x{scale}: `{c.path.relative_to(BENCH.parent)}`, {c.files:,} files, "
            f"{c.words:,} words, {c.bytes / 1e6:.1f} MB, {c.used:,} flagged phrases used and "
            f"{c.discussed:,} discussed, sha256 {c.sha256[:16]}  "
        )
    out += ["", table(rows), ""]
    out += [f"- {note}" for note in notes]
    return "\n".join(out).rstrip() + "\n"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def parse_scales(text: str) -> list[int]:
    scales = sorted({int(s) for s in text.split(",") if s.strip()})
    if not scales or min(scales) < 1:
        raise argparse.ArgumentTypeError("scales are positive integers, e.g. 1,4,16")
    return sorted({1, *scales})


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--files", type=int, default=2000, help="files in the 1x corpus")
    p.add_argument("--words", type=int, default=800_000, help="words in the 1x corpus")
    p.add_argument(
        "--scale",
        type=parse_scales,
        default=[1, 4, 16],
        help="corpus sizes, comma-separated (default 1,4,16; 1x is always measured)",
    )
    p.add_argument("--cmd", default="allylint", help="the allylint command (default: allylint)")
    p.add_argument(
        "--check-args",
        default="--no-ignore",
        help="more arguments for allylint check (default: --no-ignore, as bench/corpus/ is "
        "gitignored; pass '' for a version without that option)",
    )
    p.add_argument("--with-alex", action="store_true", help=f"also run alex@{ALEX_VERSION}")
    p.add_argument("--runs-small", type=int, default=5, help="runs per small file (median)")
    p.add_argument("--runs-corpus", type=int, default=1, help="runs per corpus (median)")
    p.add_argument("--regenerate", action="store_true", help="rebuild the corpus even if present")
    p.add_argument("--corpus-only", action="store_true", help="build the corpus and stop")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    return p.parse_args(argv)


def prepare(args: argparse.Namespace) -> Bench:
    corpora = {s: build_corpus(args.files, args.words, s, args.regenerate) for s in args.scale}
    small = {}
    for name, flagged in [("small draft, flagged", True), ("small draft, clean", False)]:
        path = small_file(f"{'flagged' if flagged else 'clean'}.md", flagged)
        small[name] = (path, len(WORD_RE.findall(path.read_text(encoding="utf-8"))))
    return Bench(args, corpora, small)


def peers(args: argparse.Namespace) -> Iterator[Tool]:
    """The tools allylint is compared with."""
    if args.with_alex:
        yield alex_tool(install_alex())


def run_measurements(bench: Bench, chosen: Sequence[Tool]) -> list[Row]:
    """Every measurement, each with every peer that it applies to."""
    for measurement in MEASUREMENTS:
        log(f"{measurement.__name__} ...")
        bench.rows += measurement(bench, chosen)
    add_ratios(bench.rows)
    return bench.rows


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    bench = prepare(args)
    info = machine()
    if args.corpus_only:
        print(report({"machine": describe(info)}, bench.corpora, [], []))
        return 0
    chosen = list(peers(args))
    run = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": shlex.join(
            ["python", "bench/run.py", *(sys.argv[1:] if argv is None else argv)]
        ),
        "load at start": load_average(),
    }
    rows = run_measurements(bench, chosen)
    run["load at end"] = load_average()
    info |= alex_versions() if args.with_alex else {}
    run["machine"] = describe(info)
    print(report(run, bench.corpora, rows, bench.notes))
    if args.json:
        payload = {
            "run": run,
            "machine": info,
            "corpora": {
                str(s): asdict(c) | {"path": str(c.path)} for s, c in sorted(bench.corpora.items())
            },
            "rows": [asdict(r) for r in rows],
            "notes": bench.notes,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


def describe(info: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in info.items())


if __name__ == "__main__":
    sys.exit(main())
