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
from collections.abc import Callable, Iterator, Sequence
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
    name: str
    argv: Callable[[Path], list[str]]
    findings: Callable[[Sample], int | None]
    ok_codes: tuple[int, ...]


def allylint_tool(cmd: Sequence[str], extra: Sequence[str]) -> Tool:
    def argv(target: Path) -> list[str]:
        return [*cmd, "check", "--format", "json", "--exit-zero", *extra, str(target)]

    def findings(sample: Sample) -> int | None:
        try:
            return len(json.loads(sample.stdout))
        except ValueError:
            return None

    return Tool("allylint", argv, findings, (0,))


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
# Measurements: each takes the tools and returns its rows (one per tool it applies to)
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
    words_per_s: float = 0.0
    ratio: float | None = None  # this row's wall time / allylint's, for the same measurement
    cpu_ratio: float | None = None  # the same for CPU time

    def __post_init__(self) -> None:
        self.words_per_s = self.words / self.wall_s if self.wall_s else 0.0


@dataclass
class Bench:
    args: argparse.Namespace
    corpora: dict[int, Corpus]
    small: dict[str, tuple[Path, int]]  # name -> (path, words)


Measurement = Callable[[Bench, Sequence[Tool]], list[Row]]


def timed_rows(
    name: str, tools: Sequence[Tool], target: Path, files: int, words: int, runs: int
) -> list[Row]:
    """Run each tool on `target` `runs` times, the tools taking turns so that a burst of load on
    the machine hits them alike: one row per tool with the medians."""
    samples: dict[str, list[Sample]] = {t.name: [] for t in tools}
    for _ in range(runs):
        for tool in tools:
            samples[tool.name].append(measure(tool.argv(target), BENCH.parent))
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


def corpus_rows(bench: Bench, tools: Sequence[Tool]) -> list[Row]:
    """Each corpus (1x, 4x, ...) as one folder."""
    rows = []
    for scale, c in sorted(bench.corpora.items()):
        runs = bench.args.runs_corpus
        rows += timed_rows(f"corpus x{scale}", tools, c.path, c.files, c.words, runs)
    for row in rows:
        if row.tool == "allylint" and row.findings == 0:
            log("  warning: allylint found nothing in the corpus: did it skip the files?")
    return rows


def small_rows(bench: Bench, tools: Sequence[Tool]) -> list[Row]:
    """A ~300-word draft end to end: what a user waits for on save or in a pre-commit hook."""
    rows = []
    for name, (path, words) in bench.small.items():
        rows += timed_rows(name, tools, path, 1, words, bench.args.runs_small)
    return rows


def empty_rows(bench: Bench, tools: Sequence[Tool]) -> list[Row]:
    """The fixed cost of one run: start-up, loading rules and models, on an empty file."""
    path = CORPUS_ROOT / "small" / "empty.md"
    path.write_text("")
    return timed_rows("empty file (start-up)", tools, path, 1, 0, bench.args.runs_small)


MEASUREMENTS: list[Measurement] = [corpus_rows, small_rows, empty_rows]


def add_ratios(rows: list[Row]) -> None:
    base = {r.measurement: r for r in rows if r.tool == "allylint" and not r.error}
    for row in rows:
        ref = base.get(row.measurement)
        if row.tool != "allylint" and ref and ref.wall_s and ref.cpu_s:
            row.ratio = row.wall_s / ref.wall_s
            row.cpu_ratio = row.cpu_s / ref.cpu_s


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
        "wall vs allylint",
        "CPU vs allylint",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * 2 + "---:|" * (len(head) - 2)]
    for r in rows:
        cells = [
            r.measurement,
            r.tool,
            fmt_num(r.files),
            fmt_num(r.words),
            str(r.runs),
            fmt_num(r.wall_s, 2),
            fmt_num(r.cpu_s, 2),
            fmt_num(r.words_per_s) if r.words else "",
            fmt_num(r.peak_rss_mb),
            f"failed (exit {r.exit_codes[-1]})" if r.error else fmt_num(r.findings),
            f"{r.ratio:.2f}x" if r.ratio is not None else "",
            f"{r.cpu_ratio:.2f}x" if r.cpu_ratio is not None else "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(info: dict[str, str], corpora: dict[int, Corpus], rows: Sequence[Row]) -> str:
    out = ["## allylint benchmark", ""]
    out.append("Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    out.append("")
    for scale, c in sorted(corpora.items()):
        out.append(
            f"Corpus x{scale}: `{c.path.relative_to(BENCH.parent)}`, {c.files:,} files, "
            f"{c.words:,} words, {c.bytes / 1e6:.1f} MB, {c.used:,} flagged phrases used and "
            f"{c.discussed:,} discussed, sha256 {c.sha256[:16]}"
        )
    out += ["", table(rows), ""]
    return "\n".join(out)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def parse_scales(text: str) -> list[int]:
    scales = sorted({int(s) for s in text.split(",") if s.strip()})
    if not scales or min(scales) < 1:
        raise argparse.ArgumentTypeError("scales are positive integers, e.g. 1,4,16")
    return scales


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--files", type=int, default=2000, help="files in the 1x corpus")
    p.add_argument("--words", type=int, default=800_000, help="words in the 1x corpus")
    p.add_argument(
        "--scale", type=parse_scales, default=[1], help="corpus sizes, comma-separated: 1,4,16"
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


def tools(args: argparse.Namespace) -> Iterator[Tool]:
    yield allylint_tool(shlex.split(args.cmd), shlex.split(args.check_args))
    if args.with_alex:
        yield alex_tool(install_alex())


def run_measurements(bench: Bench, chosen: Sequence[Tool]) -> list[Row]:
    """Every measurement, each with every tool that it applies to."""
    rows: list[Row] = []
    for measurement in MEASUREMENTS:
        log(f"{measurement.__name__} ...")
        rows += measurement(bench, chosen)
    add_ratios(rows)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    bench = prepare(args)
    if args.corpus_only:
        print(report(machine(), bench.corpora, []))
        return 0
    chosen = list(tools(args))
    rows = run_measurements(bench, chosen)
    info = machine() | (alex_versions() if args.with_alex else {})
    print(report(info, bench.corpora, rows))
    if args.json:
        payload = {
            "machine": info,
            "corpora": {
                str(s): asdict(c) | {"path": str(c.path)} for s, c in sorted(bench.corpora.items())
            },
            "rows": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
