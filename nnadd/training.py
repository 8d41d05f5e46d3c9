"""A resumable trainer: advance by one pair, one epoch or N epochs, then go on later
from exactly where it stopped. It records a bounded history for the live chart and
never draws anything itself."""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Sequence
from typing import NamedTuple

from nnadd.data import Example, article_data
from nnadd.i18n import _, number
from nnadd.perceptron import ACTIVATIONS, DEFAULT_ACTIVATION, Perceptron, Update

MAX_RUN_EPOCHS = 10_000_000
DEFAULT_EPOCHS = 10_000
DEFAULT_LEARNING_RATE = 0.1
DEFAULT_SEED = 42
HISTORY_CAPACITY = 2000


class SettingsError(ValueError):
    """A bad training setting. Its message is plain words a page can show."""


def _typed(value: object) -> str:
    """A refused value as the person gave it: a number in the language's marks, anything
    else as Python writes it ('fast', None)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    return repr(value)


def either(names: Sequence[str]) -> str:
    """Names (ids a person types: sigmoid, Slow...) as a choice: "sigmoid or linear",
    "Slow or Watch or Fast"."""
    names = list(names)
    if len(names) == 1:
        return names[0]
    # Translators: a choice between names that stay as they are (sigmoid, linear...)
    return _("{first} or {second}").format(first=names[0], second=either(names[1:]))


def check_learning_rate(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingsError(
            _("The learning rate must be a number, not {value}.").format(value=_typed(value))
        )
    lr = float(value)
    if not math.isfinite(lr):
        raise SettingsError(_("The learning rate must be a finite number."))
    if lr <= 0.0:
        raise SettingsError(
            _("The learning rate must be greater than 0 (got {lr}).").format(lr=number(lr, "g"))
        )
    return lr


def check_epochs(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(
            _("The number of epochs must be a whole number, not {value}.").format(
                value=_typed(value)
            )
        )
    if value < 0:
        raise SettingsError(
            _("The number of epochs cannot be negative (got {value}).").format(value=number(value))
        )
    if value > MAX_RUN_EPOCHS:
        raise SettingsError(
            _("At most {most} epochs, please (got {value}).").format(
                most=number(MAX_RUN_EPOCHS, ","), value=number(value, ",")
            )
        )
    return value


def check_seed(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(
            _("The seed must be a whole number, not {value}.").format(value=_typed(value))
        )
    return value


def check_activation(value: object) -> str:
    if not isinstance(value, str) or value not in ACTIVATIONS:
        raise SettingsError(
            _("The activation must be {names}, not {value}.").format(
                names=either(ACTIVATIONS), value=_typed(value)
            )
        )
    return value


def mean_squared_error(network: Perceptron, data: Sequence[Example]) -> float:
    """(1/n) * sum of (target - output)^2 over the pairs, with the network held still."""
    total = 0.0
    for x1, x2, target in data:
        err = target - network.predict(x1, x2)
        total += err * err
    return total / len(data)


def _pass_error(start: Perceptron, rows: Sequence[tuple[float, float, float]], lr: float) -> float:
    """The error of one epoch's pass from `start`: each pair's error taken just before
    its own update, as the trainer records it."""
    network = start.copy()
    total = 0.0
    for x1, x2, t in rows:
        error = network.update(x1, x2, t, lr).error
        total += error * error
    return total / len(rows)


class HistoryPoint(NamedTuple):
    """The network after `epoch` epochs, and the mean squared error of that epoch's
    pass (each pair's error taken just before its own update). At epoch 0 the error
    is that of the untrained network."""

    epoch: int
    w1: float
    w2: float
    b: float
    error: float


class History:
    """At most `capacity` + 1 points, whatever the run's length.

    Points are kept every `stride` epochs from the first one. When the list is full,
    every second point is dropped and the stride doubles, so the older points stay
    evenly spaced. The first point and the latest are always there. Which epochs are
    kept depends only on the epoch numbers, so a run done in chunks keeps exactly the
    points of the same run done at once.
    """

    def __init__(self, first: HistoryPoint, capacity: int = HISTORY_CAPACITY) -> None:
        if capacity < 2:
            raise ValueError("a history needs room for at least 2 points")
        # even, so that halving keeps the newest kept point (index `capacity`)
        self.capacity = capacity + capacity % 2
        self.stride = 1
        # plain tuples: keeping a point is on the trainer's hot path
        self._kept: list[tuple[int, float, float, float, float]] = [tuple(first)]
        self._latest = HistoryPoint(*first)
        # points() as last built, and what it was built from: a page asks for the same
        # points several times a run (chart, replay, tables, maps)
        self._points: tuple[tuple, tuple[HistoryPoint, ...]] = ((), ())

    def __getstate__(self) -> dict:
        # a trainer travels to the pool's workers pickled: without the points' copy
        return {**self.__dict__, "_points": ((), ())}

    def next_to_keep(self, epoch: int) -> int:
        """The first epoch >= `epoch` that would be kept."""
        first = self._kept[0][0]
        steps = -(-(epoch - first) // self.stride)  # ceiling division
        return first + steps * self.stride

    def keep(self, epoch: int, w1: float, w2: float, b: float, error: float) -> int:
        """Keep a point whose epoch is due; returns the next epoch to keep."""
        kept = self._kept
        kept.append((epoch, w1, w2, b, error))
        if len(kept) > self.capacity:
            self._kept = kept[::2]
            self.stride *= 2
        return epoch + self.stride

    def set_latest(self, point: HistoryPoint) -> None:
        self._latest = point

    def record(self, point: HistoryPoint) -> None:
        """Keep `point` if its epoch is due, and make it the latest."""
        if point.epoch == self.next_to_keep(point.epoch):
            self.keep(*point)
        self._latest = point

    @property
    def first(self) -> HistoryPoint:
        return HistoryPoint(*self._kept[0])

    @property
    def latest(self) -> HistoryPoint:
        return self._latest

    def points(self) -> list[HistoryPoint]:
        """Every kept point, and the latest (a new list each call)."""
        # keep() always changes the length (it appends, or halves a full list)
        built_from = (len(self._kept), self.stride, self._latest)
        if self._points[0] != built_from:
            points = [HistoryPoint(*p) for p in self._kept]
            if points[-1].epoch != self._latest.epoch:
                points.append(self._latest)
            self._points = (built_from, tuple(points))
        return list(self._points[1])

    def points_after(self, epoch: int) -> list[HistoryPoint]:
        """The points of `points()` whose epoch is after `epoch`: what a live chart that
        already shows everything up to `epoch` lacks (found by bisection, so a redraw
        costs the new points only, not the whole history)."""
        kept = self._kept
        start = bisect.bisect_right(kept, epoch, key=lambda p: p[0])
        points = [HistoryPoint(*p) for p in kept[start:]]
        if self._latest.epoch > epoch and (not points or points[-1].epoch != self._latest.epoch):
            points.append(self._latest)
        return points

    def __len__(self) -> int:
        return len(self._kept) + (self._kept[-1][0] != self._latest.epoch)

    def __repr__(self) -> str:
        return (
            f"History({len(self)} points, epochs {self.first.epoch}..{self.latest.epoch}, "
            f"stride {self.stride})"
        )


class Trainer:
    """Trains one Perceptron on a data set, online, pairs in order, no shuffling.

    `epoch` counts completed epochs; `pair_index` is the next pair of the epoch in
    progress (0 between epochs). If the weights stop being finite numbers, training
    stops: `status` becomes "diverged", `diverged_at` names the epoch, and the network
    is left as it was at the end of the last good epoch.
    """

    def __init__(
        self,
        network: Perceptron,
        data: Sequence[Example] | None = None,
        learning_rate: float = DEFAULT_LEARNING_RATE,
        start_epoch: int = 0,
        history_capacity: int = HISTORY_CAPACITY,
    ) -> None:
        self.network = network
        self.data: tuple[Example, ...] = tuple(
            Example(*row) for row in (article_data().training if data is None else data)
        )
        if not self.data:
            raise SettingsError(_("There must be at least one training pair."))
        # plain tuples: the hot loop unpacks these faster than NamedTuples
        self._rows = tuple((float(x1), float(x2), float(t)) for x1, x2, t in self.data)
        self.learning_rate = learning_rate
        self.epoch = check_epochs(start_epoch)
        self.pair_index = 0
        self.diverged_at: int | None = None
        # the latest step_pair's numbers, and (epoch it belongs to, pair number), both
        # counted from 1; cleared when whole epochs are trained
        self.last_update: Update | None = None
        self.last_update_at: tuple[int, int] | None = None
        self._partial_sse = 0.0
        self._epoch_start = network.copy()
        first = HistoryPoint(
            self.epoch, network.w1, network.w2, network.b,
            mean_squared_error(network, self.data),
        )  # fmt: skip
        self.history = History(first, history_capacity)

    @classmethod
    def from_seed(
        cls,
        seed: int = DEFAULT_SEED,
        activation: str = DEFAULT_ACTIVATION,
        learning_rate: float = DEFAULT_LEARNING_RATE,
        data: Sequence[Example] | None = None,
    ) -> Trainer:
        network = Perceptron.from_seed(check_seed(seed), check_activation(activation))
        return cls(network, data, learning_rate)

    def __repr__(self) -> str:
        return (
            f"Trainer({self.network!r}, epoch={self.epoch}, lr={self.learning_rate:g}, "
            f"status={self.status!r})"
        )

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        # A new rate applies from the next update, as in TensorFlow Playground.
        self._learning_rate = check_learning_rate(value)

    @property
    def status(self) -> str:
        return "trained" if self.diverged_at is None else "diverged"

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    def _diverge(self) -> None:
        self.diverged_at = self.epoch + 1
        self.network = self._epoch_start.copy()
        self.pair_index = 0
        self._partial_sse = 0.0

    def _end_epoch(self, mse: float) -> None:
        self.epoch += 1
        net = self.network
        self.history.record(HistoryPoint(self.epoch, net.w1, net.w2, net.b, mse))
        self._epoch_start = net.copy()

    def step_pair(self) -> Update | None:
        """One update on the next training pair; moves the epoch on after the last."""
        if self.diverged:
            return None
        x1, x2, target = self.data[self.pair_index]
        update = self.network.update(x1, x2, target, self._learning_rate)
        self._partial_sse += update.error * update.error
        if not (self.network.is_finite() and math.isfinite(self._partial_sse)):
            self._diverge()
            return None
        self.last_update = update
        self.last_update_at = (self.epoch + 1, self.pair_index + 1)
        self.pair_index += 1
        if self.pair_index == len(self.data):
            mse = self._partial_sse / len(self.data)
            self.pair_index = 0
            self._partial_sse = 0.0
            self._end_epoch(mse)
        return update

    def now(self) -> HistoryPoint:
        """The network as it is now: the latest history point between epochs; within
        an epoch (after step_pair) its weights so far, and their error over the data
        with the network held still, at the epochs completed."""
        if not self.pair_index:
            return self.history.latest
        net = self.network
        return HistoryPoint(self.epoch, net.w1, net.w2, net.b, mean_squared_error(net, self.data))

    def step_epoch(self) -> int:
        return self.train(1)

    def train(self, epochs: int, seconds: float | None = None) -> int:
        """Train up to `epochs` more epochs; stop early after about `seconds` of work,
        or on divergence. Returns the number of epochs completed. An epoch already
        begun with step_pair is finished first and counts as one."""
        epochs = check_epochs(epochs)
        deadline = None if seconds is None else time.perf_counter() + seconds
        done = 0
        if epochs and self.pair_index and not self.diverged:
            start = self.epoch
            while self.pair_index and not self.diverged:
                self.step_pair()
            done = self.epoch - start
        if done < epochs and not self.diverged:
            done += self._run_epochs(epochs - done, deadline)
        return done

    def _run_epochs(self, epochs: int, deadline: float | None) -> int:
        """The hot loop: whole epochs with every value in a local variable.

        It computes the same expressions, in the same order, as Perceptron.update,
        so a run here and a run pair by pair give bit-identical weights.

        An epoch's error is only summed when the history will keep it (its epoch is
        due, or it is the last of this call). Summing costs about an eighth of the
        loop, and long runs keep few epochs. The weights are the same either way.
        """
        net = self.network
        w1, w2, b = net.w1, net.w2, net.b
        lr = self._learning_rate
        data = self._rows
        n = len(data)
        history = self.history
        isfinite = math.isfinite
        clock = time.perf_counter
        exp = math.exp
        act = ACTIVATIONS[net.activation]
        fn, deriv = act.function, act.derivative
        kind = net.activation
        epoch = self.epoch
        end = epoch + epochs
        next_keep = history.next_to_keep(epoch + 1)
        mse = history.latest.error  # the error of `mse_epoch`, the last epoch summed
        mse_epoch = epoch
        pw1 = pw2 = pb = 0.0
        while epoch < end:
            last = epoch + 1 == end or (deadline is not None and clock() >= deadline)
            sse = 0.0
            # the weights before the previous epoch, and before this one (the last good
            # weights, should this epoch diverge)
            qw1, qw2, qb = pw1, pw2, pb
            pw1, pw2, pb = w1, w2, b
            if kind == "sigmoid" and not last and epoch + 1 != next_keep:
                for x1, x2, t in data:  # the same update, error not summed
                    try:
                        o = 1.0 / (1.0 + exp(-(w1 * x1 + w2 * x2 + b)))
                    except OverflowError:
                        e = exp(w1 * x1 + w2 * x2 + b)
                        o = e / (1.0 + e)
                    step = lr * (t - o) * (o * (1.0 - o))
                    w1 += step * x1
                    w2 += step * x2
                    b += step
            elif kind == "sigmoid":
                for x1, x2, t in data:
                    z = w1 * x1 + w2 * x2 + b
                    try:  # perceptron.sigmoid, inlined
                        o = 1.0 / (1.0 + exp(-z))
                    except OverflowError:
                        e = exp(z)
                        o = e / (1.0 + e)
                    err = t - o
                    sse += err * err
                    step = lr * err * (o * (1.0 - o))
                    w1 += step * x1
                    w2 += step * x2
                    b += step
            elif kind == "linear":
                for x1, x2, t in data:
                    o = w1 * x1 + w2 * x2 + b
                    err = t - o
                    sse += err * err
                    step = lr * err * 1.0
                    w1 += step * x1
                    w2 += step * x2
                    b += step
            else:  # any other activation in the table, through its functions
                for x1, x2, t in data:
                    o = fn(w1 * x1 + w2 * x2 + b)
                    err = t - o
                    sse += err * err
                    step = lr * err * deriv(o)
                    w1 += step * x1
                    w2 += step * x2
                    b += step
            if not isfinite(w1 + w2 + b + sse):
                w1, w2, b = pw1, pw2, pb
                self.diverged_at = epoch + 1
                if epoch > mse_epoch:
                    # the last good epoch's error was not summed on the fast path:
                    # pass over it again from the weights it started with
                    mse = _pass_error(Perceptron(qw1, qw2, qb, kind), data, lr)
                    mse_epoch = epoch
                break
            epoch += 1
            if epoch == next_keep:
                next_keep = history.keep(epoch, w1, w2, b, sse / n)
                mse, mse_epoch = sse / n, epoch
            if last:
                mse, mse_epoch = sse / n, epoch
                break
        done = epoch - self.epoch
        net.w1, net.w2, net.b = w1, w2, b
        self.last_update = self.last_update_at = None
        if done:
            self.epoch = epoch
            history.set_latest(HistoryPoint(epoch, w1, w2, b, mse))
        self._epoch_start = net.copy()
        return done
