"""Grad mode: whether operations are recorded, per thread (as in PyTorch)."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "detect_anomaly",
           "is_anomaly_enabled", "set_detect_anomaly"]

F = TypeVar("F", bound=Callable[..., Any])


class _State(threading.local):
    enabled = True
    anomaly = False


STATE = _State()


def is_grad_enabled() -> bool:
    """Whether operations on arrays that require grad are recorded in this thread."""
    return STATE.enabled


def _decorate(fn: F, mode: bool) -> F:
    """``fn`` running with grad mode ``mode``; a generator function runs each of its steps
    so (between them the caller's mode holds), as PyTorch's decorators do."""
    if not callable(fn):
        raise TypeError(f"grad-mode decorator: expected a function, got {type(fn).__name__}")
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def generator(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                gen = fn(*args, **kwargs)
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with set_grad_enabled(mode):
                        gen.close()
                    raise
                except BaseException as exc:   # thrown in by the caller: into fn's frame
                    try:
                        with set_grad_enabled(mode):
                            response = gen.throw(exc)
                    except StopIteration as stop:
                        return stop.value
                else:
                    try:
                        with set_grad_enabled(mode):
                            response = gen.send(request)
                    except StopIteration as stop:
                        return stop.value
        return generator  # type: ignore[return-value]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with set_grad_enabled(mode):
            return fn(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


class _Mode:
    """A context manager that is also a decorator, like PyTorch's grad-mode managers: with
    or without parentheses (``@no_grad()``, ``@no_grad``), on functions and generators."""

    _value: bool

    def __new__(cls, fn: Any = None) -> Any:
        self = super().__new__(cls)
        if fn is None:
            return self
        self.__init__()            # @no_grad: the function came instead of the call
        return self(fn)

    def __init__(self, fn: Any = None) -> None:
        self._prev: list[bool] = []

    def __enter__(self) -> None:
        self._prev.append(STATE.enabled)
        STATE.enabled = self._value

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        STATE.enabled = self._prev.pop()

    def __call__(self, fn: F) -> F:
        return _decorate(fn, self._value)


class no_grad(_Mode):
    """Do not record operations (inference, optimizer updates).

    >>> import gradarray as xp
    >>> x = xp.ones(2, requires_grad=True)
    >>> with xp.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    _value = False


class enable_grad(_Mode):
    """Record operations again inside a ``no_grad`` block."""

    _value = True


class set_grad_enabled(_Mode):
    """Turn recording on or off: as a function call, or as a context manager restoring it."""

    def __new__(cls, mode: bool) -> Any:
        return object.__new__(cls)

    def __init__(self, mode: bool) -> None:
        super().__init__()
        if not isinstance(mode, bool):
            raise TypeError(f"set_grad_enabled(mode): expected a bool, got {mode!r}")
        self._value = mode
        self._prev.append(STATE.enabled)
        STATE.enabled = mode      # takes effect at once, as torch.set_grad_enabled(False) does

    def __enter__(self) -> None:
        pass

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        STATE.enabled = self._prev.pop()

    def __call__(self, fn: F) -> F:
        STATE.enabled = self._prev.pop()   # used as a decorator: undo the immediate effect
        return _decorate(fn, self._value)


def is_anomaly_enabled() -> bool:
    """Whether ``detect_anomaly`` is active in this thread."""
    return STATE.anomaly


class detect_anomaly:
    """Check every backward rule's result for NaN and name the forward operation that made it.

    >>> import gradarray as xp
    >>> x = xp.asarray([0.0], requires_grad=True)
    >>> with xp.autograd.detect_anomaly():
    ...     xp.sum(xp.sqrt(x) * 0.0).backward()  # d sqrt(x)/dx at 0 is inf, 0 * inf is nan
    Traceback (most recent call last):
    ...
    RuntimeError: ...
    """

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan
        self._prev: list[bool] = []

    def __enter__(self) -> None:
        self._prev.append(STATE.anomaly)
        STATE.anomaly = self.check_nan

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        STATE.anomaly = self._prev.pop()


class set_detect_anomaly:
    """Turn anomaly detection on or off: at once, or as a context manager restoring it
    (PyTorch's ``torch.autograd.set_detect_anomaly``)."""

    def __init__(self, mode: bool) -> None:
        if not isinstance(mode, bool):
            raise TypeError(f"set_detect_anomaly(mode): expected a bool, got {mode!r}")
        self._prev = STATE.anomaly
        STATE.anomaly = mode

    def __enter__(self) -> None:
        pass

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        STATE.anomaly = self._prev
