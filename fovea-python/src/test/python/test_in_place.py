"""Ops that change their input image in place (set, setRandom, drawBox): a numpy array passed for
that image gets the new pixels back, as a CLIJ2 user expects of an in-place op."""
import numpy as np

import fovea


def test_set_writes_into_the_numpy_array():
    a = np.zeros((5, 7), np.float32)
    assert fovea.set(a, value=3.5) is None
    assert np.all(a == np.float32(3.5))
    b = np.ones((3, 5, 7), np.uint16)
    fovea.set(b, value=9)
    assert b.dtype == np.uint16 and np.all(b == 9)


def test_set_random_and_draw_box_write_back():
    a = np.zeros((11, 13), np.float32)
    fovea.set_random(a, minimum_value=2.0, maximum_value=5.0, seed=7)
    assert a.min() >= 2.0 and a.max() < 5.0 and len(np.unique(a)) > 100
    m = np.zeros((9, 8), np.uint8)
    fovea.draw_box(m, x=2, y=3, z=0, width=3, height=2, depth=0, value=1)
    expected = np.zeros((9, 8), np.uint8)
    expected[3:6, 2:6] = 1  # the last row/column is y + height, x + width
    np.testing.assert_array_equal(m, expected)


def test_a_read_only_array_is_left_alone():
    a = np.zeros((4, 6), np.float32)
    a.flags.writeable = False
    fovea.set(a, value=1.0)
    assert np.all(a == 0)
