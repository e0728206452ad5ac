"""Fovea's Java exceptions as Python exceptions, with Fovea's messages and no Java stack trace."""

import contextlib


class FoveaError(RuntimeError):
    """Root of Fovea's errors (org.fovea.core.FoveaException and anything else from Java)."""

    java_class = None


class InvalidArgument(FoveaError, ValueError):
    """A shape/type mismatch, a negative sigma, an unknown method... (FoveaException.InvalidArgument)."""


class OutOfGpuMemory(FoveaError, MemoryError):
    """The GPU could not allocate an image (bytes asked, largest allocation and current use)."""


class DeviceNotFound(FoveaError, LookupError):
    """No OpenCL device matches the request; the message lists the devices that exist."""


class NoOpenClRuntime(FoveaError):
    """No OpenCL runtime is installed; the message says what to install."""


class KernelBuildFailed(FoveaError):
    """An OpenCL kernel did not compile; ``build_log`` holds the driver's log."""

    build_log = ""


class OpenClError(FoveaError):
    """An OpenCL call failed."""


_BY_NAME = {
    "InvalidArgument": InvalidArgument,
    "OutOfGpuMemory": OutOfGpuMemory,
    "DeviceNotFound": DeviceNotFound,
    "NoOpenClRuntime": NoOpenClRuntime,
    "KernelBuildFailed": KernelBuildFailed,
    "OpenClError": OpenClError,
    "ConfigException": InvalidArgument,
}


def from_java(jex):
    """The Python exception for a Java throwable (a JPype JException)."""
    name = str(jex.getClass().getSimpleName())
    msg = jex.getMessage()
    msg = str(msg) if msg is not None else name
    cls = _BY_NAME.get(name)
    if cls is None:
        if str(jex.getClass().getName()).startswith("org.fovea."):
            cls = FoveaError
        else:
            cls = FoveaError
            msg = name + ": " + msg
    err = cls(msg)
    err.java_class = str(jex.getClass().getName())
    if cls is KernelBuildFailed:
        try:
            err.build_log = str(jex.buildLog())
        except Exception:
            pass
    return err


@contextlib.contextmanager
def java_errors():
    """Re-raises Java exceptions as Fovea's Python exceptions (no Java stack trace attached)."""
    import jpype

    try:
        yield
    except jpype.JException as jex:
        err = from_java(jex)
        raise err from None
