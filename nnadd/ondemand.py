"""Results a page computes on demand: each computed once, remembered, and computed
wherever the caller says.

A link sets the numbers (seed, epochs, data), so a class can ask for the same result
many times at once, or for many different ones. Two rules follow:

- **Once.** A result that is being computed is not computed again: whoever asks for
  it meanwhile waits for the one computation (single flight). A class arriving at a
  fresh server asks for the best-fit reference run twenty-five times in one second;
  it is trained once. The last `maxsize` results are remembered; a failure is not, so
  asking again tries again.
- **Wherever the caller says.** The computation is `run(call, args)`, and `run` is
  the caller's: `here` computes in this process (the CLI, the tests); the page's
  runner sends long calls to the server's worker processes (nnadd.workers), which look
  the call up by its name in CALLS: only the functions registered below with
  `@on_demand` can run there, never code a request brings.

    @on_demand(cost=lambda epochs, data: epochs * len(data), maxsize=16)
    def trained_weights(epochs, data): ...

    trained_weights(100, rows)               # computed here, then remembered
    trained_weights(100, rows, run=runner)   # computed where `runner` sends it

Nothing here knows of pages or processes.
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from nnadd.i18n import _, number

# The modules whose functions are registered: a worker imports these to find a call.
MODULES = ("nnadd.adding", "nnadd.landscape", "nnadd.lesson_plan")


class NotNow(RuntimeError):
    """An on-demand result that could not be computed now (the server is busy, or the
    process computing it stopped). Asking again later may work. The message is plain
    words a page can show (often Later words: in the language of the page that shows
    them)."""


class Later:
    """Words for a person, made where the page's language is not known (a worker
    pool's thread, a cache shared by every page) and written when read: str() gives
    `message` (marked with N_) in the language of the thread that reads it, with
    `values` put in (whole numbers with their thousands marks, Later words in the
    same language). An exception made with one, NotNow(Later(...)), says it in the
    page's language wherever it was raised; it pickles, so it crosses processes too."""

    def __init__(self, message: str, **values: object) -> None:
        self.message, self.values = message, values

    def __str__(self) -> str:
        written = {
            name: number(v, ",") if isinstance(v, int) and not isinstance(v, bool) else str(v)
            for name, v in self.values.items()
        }
        return _(self.message).format(**written)

    def __repr__(self) -> str:
        return f"Later({self.message!r}, {self.values!r})"


@dataclass(eq=False)
class _Flight:
    """One computation under way: whoever asks meanwhile waits for `done`."""

    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


class Memo:
    """Results by key: each computed once, the last `maxsize` remembered.

    get(key, compute) returns the remembered result, or computes it. While one caller
    computes a key, the others that ask for it wait for that computation and share its
    result, or its exception; an exception is not remembered, so the next get
    computes again. Safe to call from many threads."""

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError(f"a memo remembers at least one result, not {maxsize!r}")
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._results: OrderedDict[Hashable, Any] = OrderedDict()  # oldest first
        self._flights: dict[Hashable, _Flight] = {}
        self.computed = 0  # computations started (each key once while remembered)
        self.shared = 0  # asks answered by a computation someone else had started
        self.remembered = 0  # asks answered from memory

    def __repr__(self) -> str:
        return (
            f"Memo({len(self._results)}/{self.maxsize} remembered, {len(self._flights)} "
            f"computing; computed {self.computed}, shared {self.shared}, "
            f"remembered {self.remembered})"
        )

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                self.remembered += 1
                return self._results[key]
            flight = self._flights.get(key)
            leads = flight is None
            if leads:
                flight = self._flights[key] = _Flight()
                self.computed += 1
            else:
                self.shared += 1
        if not leads:
            flight.done.wait()  # an Event: waiting leaves the interpreter to others
            if flight.error is not None:
                raise flight.error
            return flight.value
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                del self._flights[key]
            flight.error = exc
            flight.done.set()
            raise
        with self._lock:
            del self._flights[key]
            self._results[key] = value
            while len(self._results) > self.maxsize:
                self._results.popitem(last=False)
        flight.value = value
        flight.done.set()
        return value

    def clear(self) -> None:
        """Forget every remembered result (computations under way finish as usual)."""
        with self._lock:
            self._results.clear()
            self.computed = self.shared = self.remembered = 0


class OnDemand:
    """A registered function of plain, hashable values, remembered in its own Memo.

    Calling it returns the remembered result for its arguments, or computes it with
    `run(self, args)` (default: here). `cost(*args)` is its work in training updates
    (epochs x pairs), so that a runner can send only the long calls elsewhere."""

    def __init__(self, function: Callable, cost: Callable[..., int], maxsize: int) -> None:
        self.function = function
        self.cost = cost
        self.name = f"{function.__module__}.{function.__name__}"
        self.memo = Memo(maxsize)
        self.__doc__ = function.__doc__

    def __repr__(self) -> str:
        return f"OnDemand({self.name}, {self.memo!r})"

    def __call__(self, *args: Hashable, run: Runner | None = None) -> Any:
        return self.memo.get(args, lambda: (run or here)(self, args))


Runner = Callable[[OnDemand, tuple], Any]  # computes call.function(*args), somewhere

CALLS: dict[str, OnDemand] = {}  # by name: what a worker process may run


def on_demand(cost: Callable[..., int], maxsize: int) -> Callable[[Callable], OnDemand]:
    """Register a function of one of MODULES as an on-demand call (a decorator)."""

    def register(function: Callable) -> OnDemand:
        call = OnDemand(function, cost, maxsize)
        if function.__module__ not in MODULES:
            raise ValueError(f"{call.name}: on-demand calls live in {', '.join(MODULES)}")
        if call.name in CALLS:
            raise ValueError(f"{call.name} is registered twice")
        CALLS[call.name] = call
        return call

    return register


def here(call: OnDemand, args: tuple) -> Any:
    """The runner that computes in this process."""
    return call.function(*args)


def find(name: str) -> OnDemand:
    """The registered call of this name (importing its module first, as a worker must),
    or LookupError: a name outside the registered calls runs nothing."""
    module = name.rpartition(".")[0]
    if module not in MODULES:
        raise LookupError(f"{name!r} is not an on-demand call")
    importlib.import_module(module)
    try:
        return CALLS[name]
    except KeyError:
        raise LookupError(f"{name!r} is not an on-demand call") from None
