"""The lesson: seven steps a teacher can project, one idea each, and the numbers each
step shows, worked out from the settings alone.

Nothing here draws. Every number follows from the seed, the learning rate, the epochs
and the activation, on the article's data, so the same link gives the same lesson on
any machine. The page (nnadd/ui/lesson_steps.py) shows these numbers; the worksheet
prints the questions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple
from urllib.parse import urlsplit

from nnadd.adding import trained_network
from nnadd.compare import ComparedRun, comparison, train_both
from nnadd.data import article_data
from nnadd.evaluate import Evaluation, Prediction, evaluate
from nnadd.glossary import PLAIN
from nnadd.i18n import N_, _, current, ngettext, number
from nnadd.links import to_query
from nnadd.ondemand import NotNow, Runner, on_demand
from nnadd.perceptron import ACTIVATIONS, Perceptron, Update, activation_word
from nnadd.poll_rules import question_words, shown
from nnadd.public_address import on_this_machine
from nnadd.settings import DEFAULTS, Settings, start_network
from nnadd.training import Trainer, mean_squared_error
from nnadd.wording import KEYS_SENTENCE, share_link


class Step(NamedTuple):
    """One step's words. Which steps the lesson shows, and in what order, is the page's
    registry (nnadd/ui/lesson_registry.py): nothing here knows a step's number."""

    id: str  # the step's name in the page's state and its polls, e.g. "watch"
    title: str  # "{score}" stands for the trained network's score, e.g. "21/25"
    lead: str  # one sentence under the title: {seed}, {epochs}, {learning_rate} may appear,
    # and a term's plain words as {plain[bias]} (nnadd/glossary.py)
    question: str  # what the class is asked; the worksheet prints it with room to answer
    notes: str  # the teacher's notes: what to say and what to ask (Markdown)
    # the title where the step is not on screen yet (the worksheet): words that give
    # none of its answers away; "" for the title itself
    neutral: str = ""
    # the title when its {score} can't be worked out now (a busy server); "" for the title
    unknown: str = ""


# Every step's words are marked (N_) here and translated where they are read: title(),
# neutral_title(), lead(), question() and notes() below. In the notes, a word in **bold**
# that names a button (**Reveal**, **Next line**, **Run one epoch**, **Train**, **Pause**,
# **Ask the class**, **Download all the notes**) must be that button's own translation.
UNTRAINED = Step(
    "untrained",
    N_("The untrained neuron"),
    # Translators: {plain[bias]} and {plain[seed]} are the glossary's plain words for
    # "bias" and "seed"; {seed} is a whole number.
    N_(
        "Two weights and a bias ({plain[bias]}), drawn at random from seed {seed} "
        "({plain[seed]}). It has never seen a sum."
    ),
    N_(
        "The neuron has never seen a sum. What will it answer for 0.3 + 0.4, and how many "
        "of the 25 test sums will it get right?"
    ),
    N_(
        "**Say:** this is the whole network, one neuron. It multiplies each number by its "
        "weight (the line's thickness), adds the bias, and squashes the total into (0, 1) "
        "with the sigmoid.\n\n"
        "**Ask:** is its answer for 0.3 + 0.4 any good? How can a neuron that knows nothing "
        "get a few test sums right? (Whatever two numbers come in, it answers about the "
        "same, and that is right for the sums that happen to be near it.)"
    ),
)

PREDICT = Step(
    "predict",
    N_("Predict, then reveal"),
    N_(
        "The first training pair arrives, and each weight is nudged once. Guess the new w1 "
        "before you see it."
    ),
    N_(
        "After one update on the first training pair, 0.5 + 0.5 = 1, what is the new w1? "
        "Write down the old w1 and your guess."
    ),
    N_(
        "**Say:** the neuron answers too little for 0.5 + 0.5, so the error is positive and "
        "every weight grows. How much: learning rate × error × the sigmoid's slope, times "
        "the input.\n\n"
        "**Ask:** will w1 grow or shrink, and by a lot or a little? Let the class "
        "write their guesses, type one in if you like, and press **Reveal**, then **Next line** "
        "(or PageDown) for each line of the working. Most guesses are far too "
        "big: at the article's learning rate, one update moves a weight by less than 0.01."
        "\n\n**Ask the class** collects everyone's guess from their phones instead: "
        "**Reveal** there shows all the guesses against the true w1."
    ),
)

ONE_EPOCH = Step(
    "one-epoch",
    N_("One epoch"),
    # Translators: {plain[mse]} is the glossary's plain words for MSE.
    N_(
        "An epoch is one pass over all 28 training pairs: 28 updates like the last one. "
        "The error (MSE) is {plain[mse]} over them."
    ),
    N_(
        "After one epoch (28 updates), will the error be much lower, a little lower, or "
        "higher than before? How many epochs do you think it needs?"
    ),
    N_(
        "**Say:** the error is the mean of (target − output)² over the 28 pairs: one number "
        "for how wrong the neuron is, before and after, with the weights held still.\n\n"
        "**Ask** for a prediction, then press **Run one epoch**. It falls only a little: "
        "each nudge is tiny. That is why training takes thousands of epochs."
    ),
)

WATCH = Step(
    "watch",
    N_("Watch it learn"),
    # Translators: {epochs} is the number of epochs the lesson trains, e.g. "10,000".
    N_(
        "{epochs} epochs: slowly at first, to watch the score climb, then faster as the "
        "weights settle."
    ),
    N_("Where will w1 and w2 end up? Will the score reach 25/25?"),
    N_(
        "**Say:** press **Train** (or T); it takes about ten seconds. Point at w1 and w2 "
        "rising together, the bias turning negative, the error falling on its log axis "
        "and the score above the chart. **Pause** (P) stops it to talk.\n\n"
        "**Ask:** why do w1 and w2 end up nearly equal? (a + b = b + a: both numbers "
        "count the same.) Why does the error stop falling?\n\n"
        "Before **Train**, **Ask the class** how many of the 25 test sums it will get "
        "right; reveal after the run."
    ),
)

WHY = Step(
    "why",
    # Translators: {score} is the trained neuron's score on the test pairs, e.g. "21/25".
    N_("Why {score}?"),
    # Translators: {plain[abs_error]} is the glossary's plain words for |error|.
    N_(
        "The trained neuron on the 25 test pairs, and its |error| ({plain[abs_error]}) for "
        "every a and b in [0, 1]."
    ),
    N_(
        "Does the trained neuron get any test pair wrong? If so, which, and what do their "
        "sums have in common?"
    ),
    N_(
        "**Say:** brighter is more wrong. The crosses are the wrong test pairs: they sit on "
        "the dashed line a + b = 1.\n\n"
        "**Why:** a sigmoid's output creeps towards 1 but never gets there. Near 1 it "
        "flattens out, so the neuron would need enormous weights to answer 1.0, and it "
        "settles a little short, which rounds to 0.9.\n\n"
        "**Ask:** what would fix it: more epochs, a bigger learning rate, or another "
        "activation?"
    ),
    neutral=N_("After training"),
    unknown=N_("Why this score?"),
)

LINEAR = Step(
    "linear",
    N_("Linear fixes it"),
    # Translators: {plain[seed]} and {plain[z]}: the glossary's plain words for seed and z.
    N_(
        "The same seed ({plain[seed]}), data and learning rate, with a linear neuron: its "
        "output is z ({plain[z]}) itself."
    ),
    N_("A linear neuron can output any number. Which weights and bias would make it add exactly?"),
    N_(
        "**Say:** both neurons start from the same seed and see the same 28 pairs. The "
        "linear one learns w1 = w2 = 1 and bias = 0: exact addition. Its error keeps "
        "falling towards zero; the sigmoid's levels off.\n\n"
        "**Ask:** why would anyone use a sigmoid, then? (For yes-or-no questions an answer "
        "between 0 and 1 is just right; for sums it is not.)"
    ),
    neutral=N_("A linear neuron"),
)

YOUR_TURN = Step(
    "your-turn",
    N_("Your turn"),
    N_("Type two numbers and the trained neuron adds them. Scan the code to train your own."),
    N_(
        "Find two numbers between 0 and 1 that the neuron adds well, and two it adds "
        "badly. What happens outside [0, 1]?"
    ),
    N_(
        "**Say:** the code opens the Playground with this lesson's settings, so every "
        "phone starts where the class is. The same link gives the same numbers at home.\n\n"
        "**Ask:** try 0.9 + 0.8. Why can a sigmoid never answer 1.7?\n\n"
        "Phones need an address they can reach: open the lesson at the address the class "
        "uses, not at localhost (the README's *Serving a class*)."
    ),
)


# The lesson's epochs stay within what a step can train when it opens (the same bound
# as the Playground's "after training" answer), and long enough to watch.
MIN_LESSON_EPOCHS, MAX_LESSON_EPOCHS = 100, 100_000
FIRST_A, FIRST_B = 0.3, 0.4  # the sum asked about on step 1, and step 7's first numbers


# ---------------------------------------------------------------- what a step hides

# Words written here are marked (N_) and translated where they are shown (_).
REVEAL_KEYS = N_(
    "On steps 1 and 2, PageDown reveals first (step 2's working one line a press), then moves on."
)
PROJECTOR_LINK = N_(
    "**For the projector:** the same lesson without these notes, which state the "
    "answers (print them first with **Download all the notes**):"
)
HIDDEN = "?"  # in place of an answer the class is asked to predict
REVEAL = N_("Reveal")
REVEAL_HELP = N_("Shows the answer once the class has predicted it. PageDown does the same.")
GUESS_LABEL = N_("Your guess for the new w1")
# Translators: the empty box's hint; keep the number in your language's form (0,7).
GUESS_PLACEHOLDER = N_("a number, e.g. 0.7")
WORKING_LATER = N_(
    "The working appears here after Reveal, one line a press of Next line (or PageDown), "
    "with the trainer's own numbers. No guess is needed to reveal."
)
NEXT_LINE = N_("Next line")
ALL_LINES = N_("All lines")
ANSWER_LABEL = N_("← the answer: the new w1")


def untrained_alt(network: Perceptron, a: float, b: float, shown: bool) -> str:
    """Step 1's diagram in words; its answer only once revealed."""
    weights = {
        "w1": number(network.w1, ".3f"), "w2": number(network.w2, ".3f"),
        "bias": number(network.b, ".3f"), "a": number(a, "g"), "b": number(b, "g"),
    }  # fmt: skip
    if not shown:
        return _(
            "The untrained neuron: w1 {w1}, w2 {w2}, bias {bias}; for {a} and {b} it "
            "answers ? (not revealed yet)."
        ).format(**weights)
    return _(
        "The untrained neuron: w1 {w1}, w2 {w2}, bias {bias}; for {a} and {b} it answers {answer}."
    ).format(**weights, answer=number(network.predict(a, b), ".3f"))


def keys_note() -> str:
    """The keys, as the last paragraph of every step's notes."""
    # Translators: {keys} says which keys move through the lesson, {reveal} how
    # PageDown reveals on steps 1 and 2 (two sentences of their own).
    return _("**Keys:** {keys} {reveal}").format(keys=_(KEYS_SENTENCE), reveal=_(REVEAL_KEYS))


# ---------------------------------------------------------------- which step, which settings


def parse_step(raw: object, total: int) -> tuple[int, str | None]:
    """The step a link asks for (its `step` parameter; of a repeated one, the last) of a
    lesson of `total` steps, or step 1 and a warning that quotes the value."""
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    text = str(raw)
    if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= total:
        return int(text), None
    shown = text if len(text) <= 24 else text[:21] + "..."
    # Translators: "step=" is the link's parameter, as typed (not translated); {value}
    # quotes what the link holds; {total} is the number of steps.
    said = _(
        "The link's step={value} is not a whole number from 1 to {total}, so the lesson "
        "starts at step 1."
    )
    return 1, said.format(value=repr(shown), total=number(total))


def lesson_settings(settings: Settings) -> Settings:
    """What the lesson runs on: the settings' epochs (kept within the lesson's range),
    learning rate, seed and activation, the article's data and the seed's start."""
    epochs = min(max(settings.epochs, MIN_LESSON_EPOCHS), MAX_LESSON_EPOCHS)
    return replace(
        DEFAULTS, epochs=epochs, learning_rate=settings.learning_rate, seed=settings.seed,
        activation=settings.activation,
    )  # fmt: skip


def epochs_note(asked: int, used: int) -> str | None:
    """Why the lesson trains a different number of epochs from the settings, or None."""
    if asked == used:
        return None
    return _(
        "The lesson trains from {low} to {high} epochs, so it trains {used}; the settings "
        "ask for {asked}."
    ).format(
        low=number(MIN_LESSON_EPOCHS, ","), high=number(MAX_LESSON_EPOCHS, ","),
        used=number(used, ","), asked=number(asked, ","),
    )  # fmt: skip


def watch_lead(settings: Settings, asked_epochs: int, diverged_at: int | None) -> str:
    """Step 4's lead, with why its epochs differ from the settings', and its divergence."""
    said = [lead(WATCH, settings), epochs_note(asked_epochs, settings.epochs)]
    if diverged_at is not None:
        said.append(
            _(
                "Training diverged at epoch {epoch}: the weights grew too large to be "
                "numbers. A learning rate of {learning_rate} is too large here."
            ).format(
                epoch=number(diverged_at, ","), learning_rate=number(settings.learning_rate, "g")
            )
        )
    return " ".join(s for s in said if s)


def lesson_query(step: int, settings: Settings, notes: bool = True) -> dict[str, str]:
    """The lesson's own address: its step's number, the four settings a lesson
    follows, and notes=0 when the page leaves the teacher's notes out."""
    query = to_query(settings)
    return {
        "step": str(step),
        **{k: query[k] for k in LESSON_LINK_FIELDS},
        **({} if notes else {NOTES: "0"}),
    }


LESSON_LINK_FIELDS = ("epochs", "learning_rate", "seed", "activation")
# the lesson's own parameter beside `step`: notes=0 leaves the teacher's notes off the
# page, for the projector (the notes print as one page, notes_page, beforehand)
NOTES = "notes"


def parse_notes(raw: object) -> tuple[bool, str | None]:
    """Whether the page shows the teacher's notes, from the link's `notes` parameter
    (None: not in the link; of a repeated one, the last): 1 or 0, or shown and a
    warning that quotes the value."""
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    if raw is None or str(raw) == "1":
        return True, None
    if str(raw) == "0":
        return False, None
    text = str(raw)
    shown = text if len(text) <= 24 else text[:21] + "..."
    # Translators: "notes=" is the link's parameter, as typed (not translated); {value}
    # quotes what the link holds.
    said = _("The link's notes={value} is not 1 or 0, so the teacher's notes are shown.")
    return True, said.format(value=repr(shown))


def title(step: Step, settings: Settings, run: Runner | None = None) -> str:
    """The step's title. "Why {score}?" holds the trained network's score, worked out
    by `run` (here by default); "Why this score?" (its `unknown` title) when it can't be
    now (a busy server). In the current language, as are all the step's words here."""
    if "{score}" not in step.title:
        return _(step.title)
    try:
        result = trained_score(settings, run)
    except NotNow:
        return _(step.unknown)
    return _(step.title).format(score=score_text(result))


def score_text(result: Evaluation) -> str:
    """A score as the page writes it, "21/25"."""
    return f"{number(result.correct)}/{number(result.total)}"


def neutral_title(step: Step) -> str:
    """The step's title before the step is shown: the worksheet's heading. Step 5's
    title says the trained score once step 5 is on screen, and never before."""
    return _(step.neutral or step.title)


def lead(step: Step, settings: Settings) -> str:
    return _(step.lead).format(
        seed=number(settings.seed), epochs=number(settings.epochs, ","),
        learning_rate=number(settings.learning_rate, "g"), plain=PLAIN,
    )  # fmt: skip


def question(step: Step) -> str:
    """What the class is asked on `step`, in the current language."""
    return _(step.question)


def notes(step: Step) -> str:
    """The step's teacher's notes (Markdown), in the current language."""
    return _(step.notes)


# ---------------------------------------------------------------- each step's known state


def untrained(settings: Settings) -> Perceptron:
    """Steps 1 to 3 start here: the seed's random weights."""
    return start_network(settings)


def first_update(settings: Settings) -> Update:
    """Step 2: the first update of training, on the first training pair, worked out by
    the same Perceptron.update the trainer uses."""
    x1, x2, target = article_data().training[0]
    return untrained(settings).update(x1, x2, target, settings.learning_rate)


def guess_verdict(guess: float, update: Update) -> str:
    """How far a guess for the new w1 was, in one sentence."""
    new = update.new_w1
    numbers = {
        "old": number(update.w1, ".4f"), "new": number(new, ".4f"),
        "change": number(update.dw1, "+.4f"),
        "guess": number(guess + 0.0, "g"),  # -0.0 + 0.0 is 0.0: a guess of "-0" is written 0
    }  # fmt: skip
    miss = guess - new
    if abs(miss) < 0.00005:
        return _(
            "Your guess, {guess}, is right to four decimals: w1 went from {old} to {new} "
            "({change})."
        ).format(**numbers)
    if miss > 0:
        said = _(
            "Your guess, {guess}, was {miss} too high: w1 went from {old} to {new} ({change})."
        )
    else:
        said = _("Your guess, {guess}, was {miss} too low: w1 went from {old} to {new} ({change}).")
    return said.format(**numbers, miss=number(abs(miss), ".4f"))


class EpochChange(NamedTuple):
    """Step 3: the network before and after one epoch, and its error over the training
    pairs (mean squared, the weights held still) at both."""

    before: Perceptron
    after: Perceptron
    error_before: float
    error_after: float


def one_epoch(settings: Settings) -> EpochChange:
    data = article_data().training
    trainer = Trainer(untrained(settings), data, settings.learning_rate)
    trainer.train(1)
    before, after = untrained(settings), trainer.network.copy()
    return EpochChange(
        before, after, mean_squared_error(before, data), mean_squared_error(after, data)
    )


def watch_start(settings: Settings) -> Trainer:
    """Step 4 goes on from where step 3 stopped: one epoch trained."""
    trainer = Trainer(untrained(settings), article_data().training, settings.learning_rate)
    trainer.train(1)
    return trainer


def trained(settings: Settings, run: Runner | None = None) -> Perceptron:
    """Steps 5 to 7: the network after the lesson's epochs, trained at once (and
    remembered) when a step needs it, by `run` (here by default)."""
    return trained_network(
        untrained(settings), settings.learning_rate, settings.epochs, article_data().training,
        run,
    )  # fmt: skip


def trained_score(settings: Settings, run: Runner | None = None) -> Evaluation:
    return evaluate(trained(settings, run), article_data().test)


def wrong_pairs(result: Evaluation) -> list[Prediction]:
    return [r for r in result.records if not r.correct]


def why_wrong(result: Evaluation, activation: str) -> str:
    """Step 5's explanation of the wrong pairs, from what they have in common."""
    wrong = wrong_pairs(result)
    if not wrong:
        # Translators: {activation} is the activation's name as the page writes it
        # ("sigmoid", "linear"); {total} the number of test pairs.
        return _(
            "All {total} test pairs are right: this {activation} neuron rounds to the true "
            "sum everywhere it was tested."
        ).format(total=number(result.total), activation=activation_word(activation))
    sums = sorted({round(r.sum, 10) for r in wrong})
    low, high = min(r.prediction for r in wrong), max(r.prediction for r in wrong)
    low_text, high_text = number(low, ".3f"), number(high, ".3f")
    if low_text == high_text:
        said = low_text
    else:
        # Translators: a range of the neuron's answers, e.g. "0.912 to 0.934".
        said = _("{low} to {high}").format(low=low_text, high=high_text)
    # Translators: the separator between the listed sums, e.g. "0.9, 1, 1.1".
    listed = _(", ").join(number(s, "g") for s in sums)
    if activation == "sigmoid" and all(0.85 <= s <= 1.15 for s in sums):
        # Translators: {sums} lists the wrong pairs' sums; {answers} is the neuron's
        # answer for them, or a range of answers.
        return _(
            "Every wrong pair sums to {sums}. A sigmoid's output creeps towards 1 but "
            "never gets there: near 1 it flattens out, so the neuron answers {answers}, "
            "which rounds below the true sum."
        ).format(sums=listed, answers=said)
    return _("The wrong pairs sum to {sums}; the neuron answers {answers} for them.").format(
        sums=listed, answers=said
    )


def compared(settings: Settings, run: Runner | None = None) -> tuple[ComparedRun, ...]:
    """Step 6: sigmoid against linear, from the lesson's seed, learning rate and epochs,
    computed by `run` (here by default) and remembered. A ComparedRun holds numbers
    (remembered, and maybe worked out in another process) and writes its words when
    the page reads them, in the page's language."""
    return _compared(settings.seed, settings.learning_rate, settings.epochs, run=run)


def _comparison_cost(seed: int, learning_rate: float, epochs: int) -> int:
    """One run per activation, each `epochs` epochs of the article's pairs."""
    return len(ACTIVATIONS) * epochs * len(article_data().training)


@on_demand(cost=_comparison_cost, maxsize=16)
def _compared(seed: int, learning_rate: float, epochs: int) -> tuple[ComparedRun, ...]:
    return tuple(comparison(train_both(seed, learning_rate, epochs), article_data().test))


# ---------------------------------------------------------------- the Playground's link


def playground_link(page_url: str | None, settings: Settings) -> str:
    """The Playground's address with the lesson's settings: the page's address without
    its last path segment when that is "lesson", and the settings as its query."""
    base = (page_url or "").split("?")[0].split("#")[0]
    trimmed = base.rstrip("/")
    if trimmed.endswith("/lesson"):
        base = trimmed[: -len("lesson")]
    return share_link(base, to_query(settings))


def only_this_machine(link: str) -> bool:
    """Whether the link names this machine (localhost), which students' phones can't open."""
    try:
        return on_this_machine(urlsplit(link).hostname)
    except ValueError:  # not an address at all
        return False


# Said beside a link and QR code that name this machine: on the class poll's screen
# (under its QR code: short, so that the projected poll still fits), and on the
# worksheet (step 7 says it in its own words).
POLL_ONLY_THIS_MACHINE = N_(
    "Phones can't open a localhost link: open the lesson at the class's address."
)
WORKSHEET_ONLY_THIS_MACHINE = N_(
    "This link and QR code name the computer this sheet came from (localhost): no other "
    "device can open them. Download the worksheet from the address the class uses."
)


# ---------------------------------------------------------------- the worksheet

_WORKSHEET_CSS = """
@page { margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; font-size: 11pt; color: #000; background: #fff;
       margin: 0; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 3mm; }
.top { display: flex; gap: 6mm; align-items: flex-start; margin-bottom: 5mm; }
.top .qr { flex: none; width: 32mm; height: 32mm; }
.top .qr svg { width: 100%; height: 100%; }
.who { display: flex; gap: 8mm; margin: 0 0 3mm; }
.who span { flex: 1; border-bottom: 1px solid #000; padding-bottom: 1mm; }
.link { font-family: ui-monospace, monospace; font-size: 9pt; word-break: break-all; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0 4mm; margin: 0 0 2mm; }
dt { font-weight: bold; }
dd { margin: 0; }
section { break-inside: avoid; page-break-inside: avoid; margin-bottom: 4mm; }
h2 { font-size: 12pt; margin: 0 0 1mm; }
p { margin: 0 0 1.5mm; }
.answer { height: 24mm; border: 1px solid #555; border-radius: 2mm; }
footer { font-size: 9pt; margin-top: 2mm; }
.warn { font-weight: bold; border: 2px solid #000; padding: 1mm 2mm; }
@media screen { body { max-width: 186mm; margin: 10mm auto; } }
"""


def worksheet(steps: Sequence[Step], settings: Settings, link: str, qr_svg: str) -> str:
    """A self-contained HTML page that prints on one or two A4 or Letter sheets: each
    of `steps`' questions with room to answer, the settings, the link and its QR code.
    Its headings are the neutral titles: the class fills it in before each reveal.
    Its words are in the current language, and so is its `<html lang>`.

    `qr_svg` is inline SVG markup made by the page from `link` (it carries no text of
    its own); everything else is escaped here."""
    esc = html.escape
    facts = (
        (_("Seed"), number(settings.seed)),
        (_("Learning rate"), number(settings.learning_rate, "g")),
        (_("Epochs"), number(settings.epochs, ",")),
        (_("Activation"), activation_word(settings.activation)),
    )
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    sections = "".join(
        f"<section><h2>{esc(numbered(n, neutral_title(step)))}</h2>"
        f'<p>{esc(question(step))}</p><div class="answer"></div></section>'
        for n, step in enumerate(steps, start=1)
    )
    warn = esc(_(WORKSHEET_ONLY_THIS_MACHINE))
    local = f'<p class="warn">{warn}</p>' if only_this_machine(link) else ""
    said = {
        "title": _("nnadd: a neuron learns to add (worksheet)"),
        "heading": _("A neuron learns to add: worksheet"),
        "name": _("Name:"),
        "date": _("Date:"),
        "qr": _("QR code of the link"),
        "home": _("Check at home: scan the code or open"),
        "footer": _(
            "The same link gives the same numbers on any machine: every number follows "
            "from the seed."
        ),
    }
    said = {k: esc(v) for k, v in said.items()}
    return (
        f"{_head(said['title'])}<h1>{said['heading']}</h1>"
        f'<div class="who"><span>{said["name"]}</span><span>{said["date"]}</span></div>'
        f'<div class="top"><div class="qr" role="img" aria-label="{said["qr"]}">'
        f"{qr_svg}</div><div><dl>{rows}</dl>"
        f'<p>{said["home"]}</p><p class="link">{esc(link)}</p>'
        f"{local}</div></div>"
        f"{sections}"
        f"<footer>{said['footer']}</footer></body></html>\n"
    )


def _head(title_html: str) -> str:
    """A printed page's start, up to its <body>: in the current language."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(current().html_lang)}"><head>'
        f'<meta charset="utf-8"><title>{title_html}</title>'
        f"<style>{_WORKSHEET_CSS}</style></head><body>"
    )


def numbered(n: int, heading: str) -> str:
    """A step's heading with its number, "2. Predict, then reveal"."""
    # Translators: a step's heading on the printed pages: {n} its number, {title} its title.
    return _("{n}. {title}").format(n=number(n), title=heading)


def _inline_html(markdown: str) -> str:
    """The notes' Markdown within a paragraph, **bold** and *italics* only, as HTML."""
    text = html.escape(markdown)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)


def _notes_html(markdown: str) -> str:
    return "".join(f"<p>{_inline_html(p)}</p>" for p in markdown.split("\n\n"))


def settings_sentence(settings: Settings) -> str:
    """The lesson's settings in one sentence: "Seed 7, learning rate 0.1, 10,000 epochs,
    sigmoid."."""
    # Translators: {activation} is the activation's name ("sigmoid", "linear").
    return ngettext(
        "Seed {seed}, learning rate {learning_rate}, {epochs} epoch, {activation}.",
        "Seed {seed}, learning rate {learning_rate}, {epochs} epochs, {activation}.",
        settings.epochs,
    ).format(
        seed=number(settings.seed), learning_rate=number(settings.learning_rate, "g"),
        epochs=number(settings.epochs, ","), activation=activation_word(settings.activation),
    )  # fmt: skip


def notes_page(
    steps: Sequence[Step],
    settings: Settings,
    lesson_link: str,
    projector_link: str,
    run: Runner | None = None,
) -> str:
    """Every step's teacher's notes on one self-contained HTML page to print before the
    lesson: each step's title, question and notes, the settings, the keys, the lesson's
    link and the projector's (notes=0: no notes on the projected page). A score in a
    title is worked out by `run` (here by default). In the current language."""
    esc = html.escape
    asked = esc(_("The class is asked:"))
    sections = "".join(
        f"<section><h2>{esc(numbered(n, title(step, settings, run)))}</h2>"
        f"<p><em>{asked}</em> {esc(question(step))}</p>{_notes_html(notes(step))}"
        "</section>"
        for n, step in enumerate(steps, start=1)
    )
    said = {
        "title": _("nnadd: a neuron learns to add (teacher's notes)"),
        "heading": _("A neuron learns to add: teacher's notes"),
        "lesson": _("The lesson:"),
        "projector": _("For the projector, the same lesson without these notes:"),
    }
    said = {k: esc(v) for k, v in said.items()}
    return (
        f"{_head(said['title'])}<h1>{said['heading']}</h1>"
        f"<p>{esc(settings_sentence(settings))} {_inline_html(keys_note())}</p>"
        f'<p>{said["lesson"]} <span class="link">{esc(lesson_link)}</span></p>'
        f'<p>{said["projector"]} <span class="link">{esc(projector_link)}</span></p>'
        f"{sections}</body></html>\n"
    )


# ---------------------------------------------------------------- the class poll


def poll_question(kind: str, settings: Settings) -> str:
    """What a class poll of this kind (nnadd.poll_rules.QUESTIONS) asks, with the
    lesson's numbers."""
    if kind == "w1":
        return question_words("w1", now=shown(untrained(settings).w1, 4))
    return question_words("score", epochs=settings.epochs)


def poll_truth(kind: str, settings: Settings, run: Runner | None = None) -> float:
    """The answer a class poll of this kind is revealed against: the trainer's own
    number (the score after training worked out by `run`, here by default)."""
    if kind == "w1":
        return first_update(settings).new_w1
    return float(trained_score(settings, run).correct)
