"""Errors arrive as Python exceptions with Fovea's messages; images are freed by context managers
and by garbage collection, without leaks."""

import gc
import traceback

import numpy as np
import pytest

import fovea
from conftest import SHAPE_2D, SHAPE_3D, gpu, live_images


def _formatted(excinfo):
    return "".join(traceback.format_exception(excinfo.type, excinfo.value, excinfo.tb))


def test_fovea_errors_keep_fovea_messages_without_java_stack_traces():
    a = np.zeros(SHAPE_3D, np.float32)
    b = np.zeros(SHAPE_2D, np.float32)
    with pytest.raises(fovea.InvalidArgument) as e:
        fovea.add_images(a, a, b)  # a destination of the wrong shape
    assert "addImages" in str(e.value) and "×" in str(e.value)  # Fovea's own message
    assert isinstance(e.value, ValueError) and e.value.java_class.endswith("InvalidArgument")
    text = _formatted(e)
    assert "at org.fovea" not in text and "java.lang" not in text
    assert e.value.__cause__ is None and e.value.__suppress_context__
    with pytest.raises(fovea.InvalidArgument, match="must be one of"):
        fovea.automatic_threshold(a, method="NoSuchMethod")
    with pytest.raises(fovea.InvalidArgument, match="needs a 3D image"):
        fovea.flip3d(b)  # a 3D-only op


def test_python_argument_errors_are_python_errors():
    a = np.zeros(SHAPE_2D, np.float32)
    with pytest.raises(TypeError, match="sigma_w"):
        fovea.gaussian_blur(a, sigma_w=3)
    with pytest.raises(TypeError, match="src"):
        fovea.gaussian_blur()
    with pytest.raises(fovea.InvalidArgument, match="is a number"):
        fovea.add_image_and_scalar(a, scalar=a)


def test_device_errors_list_the_devices():
    with pytest.raises(fovea.DeviceNotFound) as e:
        fovea.select_device("no-such-device-xyz")
    assert "Devices found" in str(e.value)


def test_an_alias_whose_op_is_missing_says_so():
    table = {"no_such_alias_for_test": {"op": "noSuchOpInThisFovea"}}
    assert fovea._install_aliases(table) == []
    with pytest.raises(AttributeError, match="noSuchOpInThisFovea, which is not in this Fovea"):
        fovea.no_such_alias_for_test
    assert "no_such_alias_for_test" in fovea.missing_aliases()
    del fovea._MISSING["no_such_alias_for_test"]
    with pytest.raises(AttributeError, match="has no attribute"):
        fovea.no_such_alias_for_test


def test_context_managers_free_gpu_memory():
    before = live_images()
    with fovea.push(np.ones(SHAPE_3D, np.uint16)) as img:
        assert live_images() == before + 1
        with fovea.multiply_image_and_scalar(img, scalar=3) as blurred:
            assert live_images() == before + 2
    assert img.closed and blurred.closed and live_images() == before
    img.close()  # idempotent
    with pytest.raises(fovea.InvalidArgument, match="closed"):
        fovea.pull(img)


def test_numpy_inputs_are_released_after_the_call():
    before = live_images()
    assert fovea.sum_of_all_pixels(np.ones(SHAPE_3D, np.float32)) == pytest.approx(
        np.prod(SHAPE_3D))
    out = np.zeros(SHAPE_3D, np.float32)
    fovea.add_images(np.ones(SHAPE_3D, np.float32), np.ones(SHAPE_3D, np.float32), out)
    assert live_images() == before and out.min() == 2
    with pytest.raises(fovea.InvalidArgument):  # a destination of the wrong shape
        fovea.add_images(np.ones(SHAPE_3D, np.float32), np.ones(SHAPE_3D, np.float32),
                         np.zeros(SHAPE_2D, np.float32))
    assert live_images() == before  # also when the op fails


def test_garbage_collection_frees_images_without_leak_warnings():
    g = gpu()
    gc.collect()
    before, bytes_before, leaks_before = live_images(), int(g.allocatedBytes()), int(g.leakCount())
    a = np.ones((4, 64, 64), np.float32)
    for _ in range(40):
        img = fovea.multiply_image_and_scalar(a, scalar=2)  # dropped without close
    assert live_images() <= before + 2  # refcounting closes each as soon as it is dropped
    del img
    gc.collect()
    assert live_images() == before
    assert int(g.allocatedBytes()) == bytes_before
    assert int(g.leakCount()) == leaks_before  # closed by Python, not found by Java's Cleaner
    # a reference cycle is collected by the cyclic collector
    cycle = [fovea.push(a)]
    cycle.append(cycle)
    del cycle
    gc.collect()
    assert live_images() == before
