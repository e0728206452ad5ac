"""push/pull: every pixel type, 2D and 3D, C-order (z, y, x), no copy in Python where none is needed."""

import numpy as np
import pytest

import fovea
from fovea import _image
from conftest import SHAPE_2D, SHAPE_3D, assert_same, java_pull, java_push

DTYPES = [np.uint8, np.uint16, np.uint32, np.float32]


def sample(rng, shape, dtype):
    if np.dtype(dtype).kind == "f":
        return (rng.random(shape) * 1000 - 100).astype(dtype)
    return rng.integers(0, np.iinfo(dtype).max, size=shape, endpoint=True).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [SHAPE_2D, SHAPE_3D])
def test_push_pull_round_trip_keeps_every_pixel(rng, dtype, shape):
    a = sample(rng, shape, dtype)
    with fovea.push(a) as img:
        assert img.shape == shape and img.dtype == np.dtype(dtype) and img.ndim == len(shape)
        assert_same(fovea.pull(img), a, "round trip")
        # the Java API sees numpy's (z, y, x) C order as x fastest: pixel (x, y, z)
        z, y, x = (2, 7, 9) if len(shape) == 3 else (0, 7, 9)
        assert_same(java_pull(img._j), a, "pulled through Java arrays")
        assert img.java.width() == shape[-1] and img.java.height() == shape[-2]
        assert (a[z, y, x] if len(shape) == 3 else a[y, x]) == java_pull(img._j).flat[
            x + shape[-1] * (y + shape[-2] * z)]


@pytest.mark.parametrize("dtype", DTYPES)
def test_pull_of_an_image_pushed_by_java(rng, dtype):
    a = sample(rng, SHAPE_3D, dtype)
    img = fovea.Image(java_push(a))
    with img:
        assert_same(np.asarray(img), a, "numpy view of a Java-pushed image")


def test_contiguous_arrays_are_not_copied_in_python(rng):
    a = sample(rng, SHAPE_3D, np.uint16)
    assert _image._as_array(a) is a
    out = np.empty(SHAPE_3D, np.uint16)
    with fovea.push(a) as img:
        assert fovea.pull(img, out=out) is out  # Java writes straight into numpy's memory
    assert_same(out, a, "pull into out")


def test_views_and_other_dtypes_are_converted_once(rng):
    a = rng.random((6, 20, 30))
    view = a[::2, 1:, ::3]  # float64, not contiguous
    with fovea.push(view) as img:
        assert img.dtype == np.float32 and img.shape == view.shape
        assert_same(fovea.pull(img), view.astype(np.float32), "converted view")
    with fovea.push(np.array([[True, False], [False, True]])) as img:
        assert_same(fovea.pull(img), np.array([[1, 0], [0, 1]], np.uint8), "bool")
    big_endian = np.arange(12, dtype=">u2").reshape(3, 4)
    with fovea.push(big_endian) as img:
        assert_same(fovea.pull(img), big_endian.astype(np.uint16), "byte order")


def test_unsupported_arrays_are_refused_with_a_clear_message():
    with pytest.raises(fovea.InvalidArgument, match="uint8, uint16, uint32 or float32"):
        fovea.push(np.zeros((3, 3), np.int16))
    with pytest.raises(fovea.InvalidArgument, match=r"2D \(y, x\) or 3D"):
        fovea.push(np.zeros((2, 3, 4, 5), np.float32))
    with fovea.push(np.zeros((3, 4), np.float32)) as img:
        with pytest.raises(fovea.InvalidArgument, match="out must be"):
            fovea.pull(img, out=np.empty((4, 3), np.float32))
