"""Every generated op function against the Java result of the same op (images pushed and pulled
through the Java API's arrays): checks the wrapper's names, defaults, argument order, transfers and
result conversion for the whole catalog, generated from the registry like the wrappers."""

import math

import jpype
import numpy as np
import pytest

import fovea
from fovea._ops import REQUIRED
from conftest import SHAPE_2D, SHAPE_3D, assert_same, java_pull, java_push


def _cases():
    for name in fovea.ops():
        spec = fovea.op_spec(name)
        for d in spec.dims:
            yield pytest.param(name, d, id="%s-%dd" % (name, d))


# Values for scalar parameters that have no default (by parameter name): chosen so that the op
# does something on the random test images (labels are 0..9 there).
REQUIRED_VALUES = {
    "minimum_size": 2.0,
    "maximum_size": 40.0,
    "minimum_value_range": 2.0,
    "maximum_value_range": 6.0,
    "label_index": 3.0,
    "value_to_replace": 4.0,
    "value_replacement": 7.0,
    "index": 1.0,  # setColumn/setRow/setPlane: inside every test image (2D: setPlane needs 0)
}
# setPlane on a 2D image: plane 0 is the only one
REQUIRED_VALUES_2D = {"index": 0.0}

# Inputs of special shapes, by parameter name, as numpy shapes: matrices whose product exists;
# the 2D mask of maskStackWithPlane (None: one slice of the 3D test image)
SPECIAL_INPUTS = {"matrix1": (7, 5), "matrix2": (5, 9), "mask@maskStackWithPlane": None}
# depthColorProjection's lookup table: 256 entries of red, green and blue
SPECIAL_INPUTS["lut"] = (3, 1, 256)

# Inputs that are point lists rather than images: (rows in 2D, rows in 3D)
POINT_LISTS = {"pointlist": (2, 3), "positions_and_values": (3, 4)}
# Relations: the point lists of generateDistanceMatrix; square touch and distance matrices
POINT_LISTS.update({"coordinate_list1": (2, 3), "coordinate_list2": (2, 3)})
SQUARE_MATRICES = {"touch_matrix", "distance_matrix"}
# Relations: vectors and matrices of 7 labels + background (as the 7-point lists), by name;
# these come before SQUARE_MATRICES
RELATION_INPUTS = {
    "values": lambda rng: (rng.random((1, 8)) * 10).astype(np.float32),
    "touch_matrix": lambda rng: np.tril(rng.random((8, 8)) < 0.4, -1).astype(np.float32),
    "distance_matrix": lambda rng: (rng.random((8, 8)) * 20).astype(np.float32),
    "indexlist": lambda rng: rng.integers(0, 8, (2, 8)).astype(np.float32),
}


def _values(spec, dim=3):
    """Non-default values for the scalar parameters (different per position, so swapped
    arguments show), by the parameter's Python type."""
    required = dict(REQUIRED_VALUES, **(REQUIRED_VALUES_2D if dim == 2 else {}))
    out = {}
    i = 0
    for pname, role, default, *_ in spec.params:
        if role != "SCALAR":
            continue
        if default is REQUIRED:
            assert pname in required, "%s: required scalar %s needs a test value" % (
                spec.name, pname)
            out[pname] = required[pname]
            i += 1
            continue
        if isinstance(default, bool) or isinstance(default, str):
            out[pname] = default
        elif isinstance(default, int):
            out[pname] = default + 1 + (i % 2)
        elif isinstance(default, float) and math.isnan(default):
            out[pname] = default
        else:
            out[pname] = default * (1.25 + 0.25 * i) if default != 0 else 0.5 + 0.25 * i
        i += 1
    return out


def _inputs(spec, dim, rng):
    shape = SHAPE_3D if dim == 3 else SHAPE_2D
    ins = []
    for k, pname in enumerate(spec.inputs):
        if pname in RELATION_INPUTS:
            ins.append(RELATION_INPUTS[pname](rng))
            continue
        if pname in POINT_LISTS:
            rows, n = POINT_LISTS[pname][dim - 2], 7
            pts = np.stack(
                [rng.integers(0, size, n) for size in reversed(shape)]
                + [rng.random(n) * 10] * (rows - dim)
            ).astype(np.float32)
            ins.append(pts)
            continue
        if pname in SQUARE_MATRICES:
            shape = (9, 9)
        a = (rng.random(shape) * 10).astype(np.float32)
        a[rng.random(shape) < 0.3] = 0  # zeros for the binary and logical ops
        special = SPECIAL_INPUTS.get(pname, SPECIAL_INPUTS.get(pname + "@" + spec.name, ()))
        s = shape if special == () else special if special is not None else shape[1:]
        a = (rng.random(s) * 10).astype(np.float32)
        a[rng.random(s) < 0.3] = 0  # zeros for the binary and logical ops
        ins.append(a)
    return ins


def _java(spec, inputs, values):
    args = []
    temps = []
    for pname, role, default, *_ in spec.params:
        if role == "INPUT_IMAGE":
            img = java_push(inputs[spec.inputs.index(pname)])
            temps.append(img)
            args.append(img)
        elif role == "OUTPUT_IMAGE":
            args.append(None)
        else:
            args.append(fovea._ops._jbox(values[pname]))
    return spec.descriptor.invoke(jpype.JArray(jpype.JObject)(args)), temps


@pytest.mark.parametrize("name,dim", list(_cases()))
def test_wrapper_matches_the_java_op(name, dim, rng):
    spec = fovea.op_spec(name)
    fn = getattr(fovea, name)
    if fn.fovea_op != spec.name:
        # a pyclesperanto alias of another op holds the name (detect_maxima_box: pyclesperanto's
        # name for detectMaxima2DBox/3DBox, while detectMaximaBox is CLIJ2's op): test the op's
        # own generated function
        fn = fovea._ops.make_function(spec)
    assert fn.__doc__.startswith(spec.doc) and fn.fovea_op == spec.name
    inputs = _inputs(spec, dim, rng)
    values = _values(spec, dim)
    expected, temps = _java(spec, inputs, values)
    try:
        actual = fn(*inputs, **values)
        GpuImage = jpype.JClass("org.fovea.core.GpuImage")
        if isinstance(expected, GpuImage):
            with actual:
                assert isinstance(actual, fovea.Image)
                assert_same(fovea.pull(actual), java_pull(expected), spec.name)
            expected.close()
        elif isinstance(expected, jpype.JArray):
            assert actual == [float(x) for x in expected], spec.name
        elif hasattr(expected, "columnNames"):  # a table: a dict of numpy columns
            names = [fovea.snake_case(str(n)).lower() for n in expected.columnNames()]
            rows = np.array([list(r) for r in expected.toArray()], np.float64)
            assert isinstance(actual, dict) and set(names) <= set(actual), spec.name
            for i, n in enumerate(names):
                assert_same(actual[n], rows.reshape(-1, len(names))[:, i], spec.name + "." + n)
        elif expected is None:  # an in-place op (set): it changes its first input
            assert actual is None, spec.name
            with fovea.push(inputs[0]) as img:
                assert fn(img, *inputs[1:], **values) is None
                assert_same(fovea.pull(img), java_pull(temps[0]), spec.name)
        else:
            assert actual == (float(expected) if isinstance(actual, float) else int(expected))
            assert type(actual) in (int, float)
    finally:
        for t in temps:
            t.close()


def test_signatures_follow_the_descriptors():
    import inspect

    sig = inspect.signature(fovea.gaussian_blur3d)
    assert list(sig.parameters) == ["src", "dst", "sigma_x", "sigma_y", "sigma_z"]
    assert sig.parameters["dst"].default is None
    assert sig.parameters["sigma_x"].default == 2.0
    assert "σ along x" in fovea.gaussian_blur3d.__doc__
    assert fovea.snake_case("thresholdIJ_IsoData") == "threshold_ij_iso_data"
    assert fovea.snake_case("mean2DBox") == "mean2d_box"
    assert fovea.snake_case("maximumZProjection") == "maximum_z_projection"
    assert len(fovea.ops()) == len(list(jpype.JClass("org.fovea.ops.OpRegistry").all()))


def test_outputs_can_be_given_as_images_or_numpy_arrays(rng):
    a = (rng.random(SHAPE_3D) * 100).astype(np.float32)
    expected = fovea.pull(fovea.add_image_and_scalar(a, scalar=3))
    with fovea.create(SHAPE_3D, np.float32) as dst:
        assert fovea.add_image_and_scalar(a, dst, scalar=3) is dst
        assert_same(fovea.pull(dst), expected, "into an Image")
    out = np.zeros(SHAPE_3D, np.float32)
    assert fovea.add_image_and_scalar(a, out, scalar=3) is out
    assert_same(out, expected, "into a numpy array")
    # pyclesperanto's keyword names
    out2 = np.zeros(SHAPE_3D, np.float32)
    fovea.add_image_and_scalar(source=a, destination=out2, scalar=3)
    assert_same(out2, expected, "source/destination keywords")


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.uint32, np.float32])
def test_ops_run_on_every_pixel_type(rng, dtype):
    a = rng.integers(0, 200, size=SHAPE_3D).astype(dtype)
    assert_same(fovea.pull(fovea.maximum_z_projection(a)), a.max(axis=0), "max projection")
    assert fovea.sum_of_all_pixels(a) == pytest.approx(float(a.sum(dtype=np.float64)), rel=1e-6)
    b = fovea.pull(fovea.add_image_and_scalar(a, scalar=5))
    assert_same(b, (a.astype(np.float64) + 5).astype(dtype), "add scalar")


def test_java_call_loop_of_the_overhead_benchmark_runs_the_op():
    Support = jpype.JClass("org.fovea.python.PythonSupport")
    a = np.arange(64 * 64, dtype=np.float32).reshape(64, 64)
    with fovea.push(a) as src, fovea.create(a.shape, np.float32) as dst:
        us = float(Support.javaCallMicros("addImageAndScalar", src.java, dst.java, 1.5, 3))
        assert us > 0
        assert_same(fovea.pull(dst), a + np.float32(1.5), "PythonSupport loop")
