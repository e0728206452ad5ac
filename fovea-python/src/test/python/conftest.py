import jpype
import numpy as np
import pytest

import fovea


SHAPE_2D = (17, 23)  # (y, x): odd sizes catch indexing bugs
SHAPE_3D = (5, 13, 11)  # (z, y, x)

_JTYPES = {
    np.dtype(np.uint8): ("JByte", np.int8),
    np.dtype(np.uint16): ("JShort", np.int16),
    np.dtype(np.uint32): ("JInt", np.int32),
    np.dtype(np.float32): ("JFloat", np.float32),
}


def gpu():
    return fovea.get_device()


def live_images():
    return int(gpu().liveImageCount())


def java_push(a):
    """Pushes through the Java API's array path (not the Python package's direct buffers)."""
    a = np.ascontiguousarray(a)
    jt, view = _JTYPES[a.dtype]
    arr = jpype.JArray(getattr(jpype, jt))(a.ravel().view(view))
    if a.ndim == 3:
        return gpu().push(arr, a.shape[2], a.shape[1], a.shape[0])
    return gpu().push(arr, a.shape[1], a.shape[0], 1)


def java_pull(img):
    """Pulls through the Java API's array path into numpy (z, y, x)."""
    dtype = fovea._image._DTYPES[str(img.type().name())]
    shape = (int(img.height()), int(img.width()))
    if img.depth() > 1:
        shape = (int(img.depth()),) + shape
    view = _JTYPES[np.dtype(dtype)][1]
    return np.array(img.pull(), dtype=view).view(dtype).reshape(shape)


def assert_same(actual, expected, what=""):
    """Equal images, reporting the first differing coordinate (z, y, x) with both values."""
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    assert actual.shape == expected.shape, "%s: shape %s, expected %s" % (
        what, actual.shape, expected.shape)
    assert actual.dtype == expected.dtype, "%s: dtype %s, expected %s" % (
        what, actual.dtype, expected.dtype)
    same = (actual == expected) | (np.isnan(actual) & np.isnan(expected)
                                   if actual.dtype.kind == "f" else False)
    if not np.all(same):
        idx = tuple(int(i) for i in np.argwhere(~same)[0])
        raise AssertionError("%s: first difference at %s: %r, expected %r (%d pixels differ)"
                             % (what, idx, actual[idx], expected[idx], int((~same).sum())))


def assert_close(actual, expected, atol, what=""):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, "%s: shape %s, expected %s" % (
        what, actual.shape, expected.shape)
    d = np.abs(actual - expected)
    if not np.all(d <= atol):
        idx = tuple(int(i) for i in np.unravel_index(np.argmax(d), d.shape))
        raise AssertionError("%s: |Δ| = %g > %g at %s: %r, expected %r"
                             % (what, d[idx], atol, idx, actual[idx], expected[idx]))


@pytest.fixture
def rng():
    return np.random.default_rng(20261206)
