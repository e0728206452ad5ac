"""GPU images for numpy users: push/pull through JPype direct buffers (no per-element Python work)."""

import threading
import weakref

import jpype
import jpype.nio
import numpy as np

from ._errors import FoveaError, InvalidArgument, java_errors

# numpy dtype -> Fovea PixelType constant name
_TYPES = {
    np.dtype(np.uint8): "UINT8",
    np.dtype(np.uint16): "UINT16",
    np.dtype(np.uint32): "UINT32",
    np.dtype(np.float32): "FLOAT32",
}
_DTYPES = {v: k for k, v in _TYPES.items()}
# converted on push (one copy, as pyclesperanto does for float64)
_CONVERT = {
    np.dtype(np.float64): np.float32,
    np.dtype(np.float16): np.float32,
    np.dtype(np.bool_): np.uint8,
}

_lock = threading.Lock()
_gpu = None  # the current org.fovea.core.Gpu
_J = {}


def _j(name):
    c = _J.get(name)
    if c is None:
        c = _J[name] = jpype.JClass(name)
    return c


def _close_quietly(jimage):
    try:
        if jpype.isJVMStarted():
            jimage.close()
    except Exception:  # the context may be gone already
        pass


def select_device(name="", dev_type=None):
    """Opens the OpenCL device whose name contains ``name`` ("" = best, 'gpu'/'cpu'/'#index' work
    too, as FOVEA_DEVICE) and makes it the current one; returns its description."""
    global _gpu
    spec = name or ""
    if dev_type and not spec:
        spec = dev_type
    with java_errors():
        g = _j("org.fovea.core.Gpu").open(jpype.JString(spec))
    with _lock:
        _gpu = g
    return str(g.device().describe())


def get_device():
    """The current Gpu context (opened on first use: the best device, or FOVEA_DEVICE)."""
    global _gpu
    with _lock:
        if _gpu is None or _gpu.isClosed():
            with java_errors():
                _gpu = _j("org.fovea.core.Gpu").open()
        return _gpu


def close_device():
    """Closes the current context and every image on it (also done at exit)."""
    global _gpu
    with _lock:
        g, _gpu = _gpu, None
    if g is not None and jpype.isJVMStarted():
        g.close()


class Image:
    """An image in GPU memory (a Fovea ``GpuImage``) with numpy's view of it: ``shape`` is
    ``(z, y, x)`` for stacks and ``(y, x)`` for 2D images.

    ``np.asarray(image)`` or ``fovea.pull(image)`` copies it to the host. Use it as a context
    manager (``with fovea.push(a) as img: ...``) or call ``close()`` to free GPU memory at once;
    an image that is garbage collected is closed too.
    """

    __slots__ = ("_j", "_finalizer", "__weakref__")

    def __init__(self, jimage):
        self._j = jimage
        self._finalizer = weakref.finalize(self, _close_quietly, jimage)
        self._finalizer.atexit = False  # fovea closes the whole context at exit

    @property
    def java(self):
        """The underlying ``org.fovea.core.GpuImage``."""
        return self._j

    @property
    def shape(self):
        j = self._j
        if j.depth() > 1:
            return (int(j.depth()), int(j.height()), int(j.width()))
        return (int(j.height()), int(j.width()))

    @property
    def ndim(self):
        return 3 if self._j.depth() > 1 else 2

    @property
    def dtype(self):
        return _DTYPES[str(self._j.type().name())]

    @property
    def size(self):
        return int(self._j.pixelCount())

    @property
    def nbytes(self):
        return int(self._j.bytes())

    @property
    def closed(self):
        return bool(self._j.isClosed())

    def close(self):
        """Frees the GPU memory now (idempotent)."""
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __array__(self, dtype=None, copy=None):
        a = pull(self)
        return a if dtype is None else a.astype(dtype, copy=False)

    def get(self):
        """The pixels as a numpy array (pyclesperanto's ``OCLArray.get()``)."""
        return pull(self)

    def __repr__(self):
        state = "closed" if self.closed else str(self._j.describe())
        return "fovea.Image(shape=%s, dtype=%s, %s)" % (self.shape, self.dtype, state)


def _as_array(array):
    """A C-contiguous, writable array of a Fovea dtype (copies only when it must)."""
    a = np.asarray(array)
    if a.dtype in _CONVERT:
        a = a.astype(_CONVERT[a.dtype])
    if a.dtype.newbyteorder("=") in _TYPES and a.dtype.byteorder not in ("=", "|"):
        a = a.astype(a.dtype.newbyteorder("="))
    if a.dtype not in _TYPES:
        raise InvalidArgument(
            "fovea images hold uint8, uint16, uint32 or float32 pixels (float64 and bool are "
            "converted); got an array of %s: convert it with .astype(...)" % a.dtype
        )
    if a.ndim == 1:
        a = a.reshape(1, -1)
    if a.ndim not in (2, 3):
        raise InvalidArgument(
            "fovea images are 2D (y, x) or 3D (z, y, x); got an array of shape %s" % (a.shape,)
        )
    if not a.flags.c_contiguous or not a.flags.writeable:
        a = np.array(a, order="C", copy=True)
    return a


def _shape_whd(a):
    if a.ndim == 3:
        return int(a.shape[2]), int(a.shape[1]), int(a.shape[0])
    return int(a.shape[1]), int(a.shape[0]), 1


def push(array, device=None):
    """Copies a numpy array (uint8, uint16, uint32, float32; float64 → float32, bool → uint8) to
    the GPU. C-order ``(z, y, x)`` or ``(y, x)``; one copy into Fovea's pinned staging buffers, no
    per-element Python work. An ``Image`` is returned as it is."""
    if isinstance(array, Image):
        return array
    a = _as_array(array)
    gpu = device if device is not None else get_device()
    w, h, d = _shape_whd(a)
    if a.size == 0:
        raise InvalidArgument("cannot push an empty array of shape %s" % (a.shape,))
    buf = jpype.nio.convertToDirectBuffer(a)
    ptype = _j("org.fovea.core.PixelType").valueOf(_TYPES[a.dtype])
    with java_errors():
        return Image(gpu.push(buf, w, h, d, ptype))


def create(shape, dtype=np.float32, device=None):
    """A new (uninitialised) GPU image of ``shape`` ((y, x) or (z, y, x)) and dtype."""
    dt = np.dtype(dtype)
    if dt not in _TYPES:
        raise InvalidArgument("dtype must be uint8, uint16, uint32 or float32, got %s" % dt)
    shape = tuple(int(s) for s in shape)
    if len(shape) == 2:
        w, h, d = shape[1], shape[0], 1
    elif len(shape) == 3:
        w, h, d = shape[2], shape[1], shape[0]
    else:
        raise InvalidArgument("shape must be (y, x) or (z, y, x), got %s" % (shape,))
    gpu = device if device is not None else get_device()
    ptype = _j("org.fovea.core.PixelType").valueOf(_TYPES[dt])
    with java_errors():
        return Image(gpu.create(w, h, d, ptype))


def create_like(image, dtype=None):
    """A new GPU image with the shape (and dtype unless given) of an Image or array."""
    return create(np.shape(image) if not isinstance(image, Image) else image.shape,
                  dtype if dtype is not None else image.dtype)


def pull(image, out=None):
    """Copies a GPU image into a numpy array (a new one, or ``out`` of the same shape and dtype).
    A numpy array is returned as it is."""
    if not isinstance(image, Image):
        if isinstance(image, np.ndarray):
            return image
        raise InvalidArgument("pull expects a fovea.Image, got %s" % type(image).__name__)
    if image.closed:
        raise InvalidArgument("pull: the image has been closed")
    if out is None:
        out = np.empty(image.shape, dtype=image.dtype)
    elif (
        not isinstance(out, np.ndarray)
        or out.shape != image.shape
        or out.dtype != image.dtype
        or not out.flags.c_contiguous
        or not out.flags.writeable
    ):
        raise InvalidArgument(
            "pull: out must be a writable C-contiguous %s array of shape %s"
            % (image.dtype, image.shape)
        )
    buf = jpype.nio.convertToDirectBuffer(out)
    with java_errors():
        image._j.gpu().pull(image._j, buf)
    return out


def memory_report():
    """Fovea's table of the live images of the current context and the memory they hold."""
    return str(get_device().memoryReport())
