"""pyclesperanto's names (fovea.ALIASES) against SciPy/numpy: every alias whose op is in this Fovea
has a reference here, with the op's documented tolerance and border rule (clamp to edge =
mode="nearest")."""

import numpy as np
import pytest
from scipy import ndimage as ndi

import fovea
from conftest import SHAPE_2D, SHAPE_3D, assert_close, assert_same

R = (1, 2, 1)  # radii x, y, z: anisotropic, so swapped axes show


def _img(rng, shape=SHAPE_3D, lo=0.0, hi=100.0):
    return (lo + rng.random(shape) * (hi - lo)).astype(np.float32)


def _mask(rng, shape=SHAPE_3D, p=0.6):
    return (rng.random(shape) < p).astype(np.uint8)


def _size(rx=R[0], ry=R[1], rz=R[2], ndim=3):
    return (2 * rz + 1, 2 * ry + 1, 2 * rx + 1)[-ndim:]


def _ellipsoid(rx=R[0], ry=R[1], rz=R[2], ndim=3):
    z, y, x = np.mgrid[-rz:rz + 1, -ry:ry + 1, -rx:rx + 1]
    fp = (x / max(rx, 1)) ** 2 + (y / max(ry, 1)) ** 2 + (z / max(rz, 1)) ** 2 <= 1 + 1e-9
    return fp if ndim == 3 else fp[rz]


def _radii():
    return dict(radius_x=R[0], radius_y=R[1], radius_z=R[2])


def _otsu_threshold_uint8(a):
    """Otsu's threshold bin on the 256-bin histogram of a uint8 image (foreground: bins above)."""
    h = np.bincount(a.ravel(), minlength=256).astype(np.float64)
    bins = np.arange(256)
    best, best_k = -1.0, 0
    n = h.sum()
    for k in range(255):
        w0 = h[: k + 1].sum()
        w1 = n - w0
        if w0 == 0 or w1 == 0:
            continue
        m0 = (h[: k + 1] * bins[: k + 1]).sum() / w0
        m1 = (h[k + 1:] * bins[k + 1:]).sum() / w1
        v = w0 * w1 * (m0 - m1) ** 2
        if v > best:
            best, best_k = v, k
    return best_k


def _bbox(m):
    nz = np.argwhere(m != 0)
    lo, hi = nz.min(0), nz.max(0)
    z0, y0, x0 = lo
    d, h, w = hi - lo + 1
    return [float(x0), float(y0), float(z0), float(w), float(h), float(d)]


# name -> function(rng) returning (result, expected, tolerance or None for exact)
def _gaussian_blur(rng):
    a = _img(rng)
    out = fovea.gaussian_blur(a, sigma_x=1.5, sigma_y=2, sigma_z=1)
    ref = ndi.gaussian_filter(a, sigma=(1, 2, 1.5), truncate=4, mode="nearest")
    return out, ref, 1e-5 * np.abs(a).max()


def _difference_of_gaussian(rng):
    a = _img(rng)
    out = fovea.difference_of_gaussian(a, sigma1_x=1, sigma1_y=1, sigma1_z=1, sigma2_x=2,
                                       sigma2_y=2, sigma2_z=1.5)
    a64 = a.astype(np.float64)
    ref = (ndi.gaussian_filter(a64, 1, truncate=4, mode="nearest")
           - ndi.gaussian_filter(a64, (1.5, 2, 2), truncate=4, mode="nearest"))
    return out, ref, 2e-5 * np.abs(a).max()


def _rank(name, scipy_fn, sphere, tol=None):
    def run(rng):
        a = _img(rng)
        out = getattr(fovea, name)(a, **_radii())
        if sphere:
            ref = scipy_fn(a.astype(np.float64), footprint=_ellipsoid(), mode="nearest")
        else:
            ref = scipy_fn(a.astype(np.float64), size=_size(), mode="nearest")
        return out, ref if tol else ref.astype(np.float32), tol and tol * np.abs(a).max()
    return run


def _mean_sphere_ref(a, footprint, mode):
    w = footprint.astype(np.float64) / footprint.sum()
    return ndi.correlate(a, w, mode=mode)


def _top_hat(name, sphere):
    def run(rng):
        a = _img(rng)
        out = getattr(fovea, name)(a, **_radii())
        kw = dict(footprint=_ellipsoid()) if sphere else dict(size=_size())
        opening = ndi.maximum_filter(ndi.minimum_filter(a, mode="nearest", **kw), mode="nearest",
                                     **kw)
        return out, a - opening, None
    return run


def _binary_morph(name, fn, sphere):
    def run(rng):
        m = _mask(rng, p=0.7 if "erode" in name else 0.15)
        out = getattr(fovea, name)(m)
        fp = ndi.generate_binary_structure(3, 1 if sphere else 3)
        ref = fn(m, footprint=fp, mode="nearest").astype(np.uint8)
        return out, ref, None
    return run


def _shifted(m, axis, k, low):
    """m moved by k along axis: m[i + k], edge value beyond the far end, `low` before index 0."""
    n = m.shape[axis]
    idx = np.clip(np.arange(n) + k, 0, n - 1)
    out = np.take(m, idx, axis=axis)
    if low is not None and k < 0:
        sl = [slice(None)] * m.ndim
        sl[axis] = slice(0, -k)
        out[tuple(sl)] = low
    return out


def _clij2_maxima_box(a, radii_xyz):
    """CLIJ2's detectMaxima*Box: float32 box mean per axis (clamped), then the 3x3(x3) scan."""
    m = a.astype(np.float32)
    for k, r in enumerate(radii_xyz[: a.ndim]):
        if r > 0:
            axis = a.ndim - 1 - k
            s = np.zeros_like(m)
            for o in range(-r, r + 1):
                s = s + _shifted(m, axis, o, None)
            m = s / np.float32(2 * r + 1)
    marked = np.ones(m.shape, dtype=bool)
    for off in np.ndindex(*(3,) * m.ndim):
        off = [o - 1 for o in off]  # (dz,) dy, dx
        if not any(off):
            continue
        u = m
        for axis, o in enumerate(off):
            u = _shifted(u, axis, o, -np.inf)
        dx, dy = off[-1], off[-2]
        dz = off[0] if m.ndim == 3 else 0
        before = dx < 0 or (dx == 0 and (dy < 0 or (dy == 0 and dz < 0)))
        marked &= ~((u > m) | ((u == m) if before else False))
    return marked.astype(np.uint8)


def _detect_maxima_box(rng):
    res = []
    for shape in (SHAPE_2D, SHAPE_3D):
        a = _img(rng, shape)
        out = fovea.pull(fovea.detect_maxima_box(a, radius_x=1, radius_y=2, radius_z=1))
        res.append((out, _clij2_maxima_box(a, (1, 2, 1))))
    return res, None, None


def _flip(rng):
    res = []
    a2 = _img(rng, SHAPE_2D)
    res.append((fovea.pull(fovea.flip(a2, flip_x=True, flip_y=True, flip_z=True)),
                 a2[::-1, ::-1]))
    a3 = _img(rng)
    res.append((fovea.pull(fovea.flip(a3, flip_x=False, flip_y=True, flip_z=True)),
                a3[::-1, ::-1, :]))
    return res, None, None


def _unary(name, ref_fn, tol=None, make=_img, **kw):
    def run(rng):
        a = make(rng)
        return getattr(fovea, name)(a, **kw), ref_fn(a), tol
    return run


def _binary(name, ref_fn, make=_img):
    def run(rng):
        a, b = make(rng), make(rng)
        return getattr(fovea, name)(a, b), ref_fn(a, b), None
    return run


def _scalar(name, ref_fn, rel=1e-6, make=_img):
    def run(rng):
        a = make(rng)
        a[0, 0, 0] = 0
        out = getattr(fovea, name)(a)
        ref = ref_fn(a)
        assert isinstance(out, (int, float))
        return np.array(out), np.array(ref), rel * max(1.0, abs(float(ref)))
    return run


def _threshold_otsu(rng):
    a = np.where(rng.random(SHAPE_3D) < 0.3, rng.integers(150, 220, SHAPE_3D),
                 rng.integers(10, 60, SHAPE_3D)).astype(np.uint8)
    k = _otsu_threshold_uint8(a)
    return fovea.threshold_otsu(a), (a > k).astype(np.uint8), None


def _greater_or_equal_constant(rng):
    a = _img(rng)
    # Fovea's own op since the comparison family exists: the result has the input's type (CLIJ2)
    return fovea.greater_or_equal_constant(a, constant=42.5), (a >= 42.5).astype(a.dtype), None


def _bounding_box(rng):
    m = np.zeros(SHAPE_3D, np.uint8)
    m[1:4, 3:9, 2:5] = _mask(rng, (3, 6, 3), 0.5)
    m[2, 3, 2] = m[3, 8, 4] = 1
    return np.array(fovea.bounding_box(m)), np.array(_bbox(m)), None


def _radial(rng):
    a = _img(rng)
    d, h, w = a.shape
    out = fovea.reslice_radial(a, number_of_angles=360, angle_step_size=30)  # 12 angles
    radius = int(np.sqrt((w // 2) ** 2 + (h // 2) ** 2))
    cx, cy = w / 2.0, h / 2.0
    th = np.deg2rad(np.arange(12) * 30.0)
    r = np.arange(radius)
    xs = cx + np.sin(th)[:, None] * r[None, :]
    ys = cy + np.cos(th)[:, None] * r[None, :]
    ref = np.empty((12, d, radius), np.float64)
    for z in range(d):
        coords = np.array([np.full(xs.shape, z, np.float64), ys, xs])
        plane = ndi.map_coordinates(a.astype(np.float64), coords, order=1, mode="grid-constant",
                                    cval=0.0)
        ref[:, z, :] = plane
    return out, ref, 1e-3 + 1e-5 * np.abs(a).max()


def _nonneg_or_neg(rng):
    return _img(rng, lo=-50, hi=50)


REFERENCES = {
    "gaussian_blur": _gaussian_blur,
    "difference_of_gaussian": _difference_of_gaussian,
    "mean_box": _rank("mean_box", ndi.uniform_filter, False, tol=1e-5),
    "mean_sphere": _rank("mean_sphere", _mean_sphere_ref, True, tol=1e-5),
    "maximum_box": _rank("maximum_box", ndi.maximum_filter, False),
    "maximum_sphere": _rank("maximum_sphere", ndi.maximum_filter, True),
    "minimum_box": _rank("minimum_box", ndi.minimum_filter, False),
    "minimum_sphere": _rank("minimum_sphere", ndi.minimum_filter, True),
    "median_box": _rank("median_box", ndi.median_filter, False),
    "median_sphere": _rank("median_sphere", ndi.median_filter, True),
    "top_hat_box": _top_hat("top_hat_box", False),
    "top_hat_sphere": _top_hat("top_hat_sphere", True),
    "erode_box": _binary_morph("erode_box", ndi.grey_erosion, False),
    "erode_sphere": _binary_morph("erode_sphere", ndi.grey_erosion, True),
    "dilate_box": _binary_morph("dilate_box", ndi.grey_dilation, False),
    "dilate_sphere": _binary_morph("dilate_sphere", ndi.grey_dilation, True),
    "detect_maxima_box": _detect_maxima_box,
    "flip": _flip,
    "maximum_z_projection": _unary("maximum_z_projection", lambda a: a.max(0)),
    "minimum_z_projection": _unary("minimum_z_projection", lambda a: a.min(0)),
    "mean_z_projection": _unary("mean_z_projection", lambda a: a.mean(0, dtype=np.float64),
                                tol=1e-4),
    "sum_z_projection": _unary("sum_z_projection", lambda a: a.sum(0, dtype=np.float64),
                               tol=1e-3),
    "standard_deviation_z_projection": _unary(
        "standard_deviation_z_projection", lambda a: a.std(0, ddof=1, dtype=np.float64),
        tol=1e-3),
    "maximum_x_projection": _unary("maximum_x_projection", lambda a: a.max(2).T),
    "maximum_y_projection": _unary("maximum_y_projection", lambda a: a.max(1)),
    "sum_of_all_pixels": _scalar("sum_of_all_pixels", lambda a: a.sum(dtype=np.float64)),
    "mean_of_all_pixels": _scalar("mean_of_all_pixels", lambda a: a.mean(dtype=np.float64)),
    "maximum_of_all_pixels": _scalar("maximum_of_all_pixels", lambda a: a.max(), rel=0),
    "minimum_of_all_pixels": _scalar("minimum_of_all_pixels", lambda a: a.min(), rel=0),
    "count_non_zero_pixels": _scalar("count_non_zero_pixels", np.count_nonzero, rel=0),
    "bounding_box": _bounding_box,
    "threshold_otsu": _threshold_otsu,
    "greater_or_equal_constant": _greater_or_equal_constant,
    "binary_and": _binary("binary_and", lambda a, b: (a & b).astype(np.uint8), _mask),
    "binary_or": _binary("binary_or", lambda a, b: (a | b).astype(np.uint8), _mask),
    "binary_xor": _binary("binary_xor", lambda a, b: (a ^ b).astype(np.uint8), _mask),
    "binary_not": _unary("binary_not", lambda a: (a == 0).astype(np.uint8), make=_mask),
    "add_images": _binary("add_images", np.add),
    "subtract_images": _binary("subtract_images", np.subtract),
    "multiply_images": _binary("multiply_images", np.multiply),
    "add_image_and_scalar": _unary("add_image_and_scalar", lambda a: a + np.float32(3.5),
                                   scalar=3.5),
    "multiply_image_and_scalar": _unary("multiply_image_and_scalar",
                                        lambda a: a * np.float32(0.25), scalar=0.25),
    "maximum_images": _binary("maximum_images", np.maximum),
    "minimum_images": _binary("minimum_images", np.minimum),
    "maximum_image_and_scalar": _unary("maximum_image_and_scalar",
                                       lambda a: np.maximum(a, np.float32(40)), scalar=40),
    "minimum_image_and_scalar": _unary("minimum_image_and_scalar",
                                       lambda a: np.minimum(a, np.float32(40)), scalar=40),
    "absolute": _unary("absolute", np.abs, make=_nonneg_or_neg),
    "power": _unary("power", lambda a: a.astype(np.float64) ** 2, tol=1e-5 * 100 ** 2,
                    exponent=2),
    "copy": _unary("copy", lambda a: a.copy()),
    "rotate_clockwise": _unary("rotate_clockwise", lambda a: np.rot90(a, -1, axes=(1, 2))),
    "rotate_counter_clockwise": _unary("rotate_counter_clockwise",
                                       lambda a: np.rot90(a, 1, axes=(1, 2))),
    "reslice_top": _unary("reslice_top", lambda a: np.transpose(a, (1, 0, 2))),
    "reslice_bottom": _unary("reslice_bottom", lambda a: np.transpose(a, (1, 0, 2))[::-1]),
    "reslice_left": _unary("reslice_left", lambda a: np.transpose(a, (2, 0, 1))),
    "reslice_right": _unary("reslice_right", lambda a: np.transpose(a, (2, 0, 1))[::-1]),
    "reslice_radial": _radial,
}

LABEL_ALIASES = {"connected_components_labeling_box", "voronoi_otsu_labeling",
                 "statistics_of_labelled_pixels"}  # tested in test_labels.py


def test_every_alias_has_a_reference():
    assert set(fovea.ALIASES) == set(REFERENCES) | LABEL_ALIASES


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_alias_agrees_with_scipy_numpy(name, rng):
    if name in fovea.missing_aliases():
        pytest.fail(fovea.missing_aliases()[name])  # ops of this table are all in main
    out, ref, tol = REFERENCES[name](rng)
    pairs = out if isinstance(out, list) else [(out, ref)]
    for got, want in pairs:
        got = fovea.pull(got) if isinstance(got, fovea.Image) else np.asarray(got)
        want = np.asarray(want)
        if tol is None:
            assert_same(got, want.astype(got.dtype) if got.dtype != want.dtype and
                        want.dtype == np.bool_ else want, name)
        else:
            assert_close(got, want, tol, name)
