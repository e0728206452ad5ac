"""fovea.count_spots and fovea.run_scope (smart microscopy with a Python listener; rules as data)."""

import json

import jpype
import numpy as np
import pytest

import fovea


def _synthetic(seed):
    S = jpype.JClass("org.fovea.ops.workflow.SyntheticNucleiStack")
    st = S.generate(S.Spec.small(seed))
    spec = st.spec()
    shape = (int(spec.depth()), int(spec.height()), int(spec.width()))
    pixels = np.array(st.pixels(), dtype=np.int16).view(np.uint16).reshape(shape)
    return st, pixels


def test_count_spots_matches_the_java_workflow_and_the_planted_nuclei():
    st, stack = _synthetic(11)
    r = fovea.count_spots(stack, voxel_size=(2, 0.52, 0.52), keep_projection=True)
    W = jpype.JClass("org.fovea.ops.workflow.SpotCountingWorkflow")
    with W(fovea.get_device(), W.Settings.defaults().withKeepProjection(True)) as wf:
        spec = st.spec()
        j = wf.process(st.pixels(), spec.width(), spec.height(), spec.depth())
        assert r["count"] == int(j.count())
        assert np.array_equal(r["spots"], np.asarray(j.spots()))
        assert np.array_equal(r["projection"].ravel(), np.asarray(j.projection()))
        assert r["bounding_box_um"]["width"] == pytest.approx(float(j.boundingBox().width()))
    planted = int(st.plantedCount())
    assert abs(r["count"] - planted) <= 0.1 * planted, (r["count"], planted)
    # several stacks reuse one workflow
    rs = fovea.count_spots([stack, stack[:, ::-1, :].copy()])
    assert [x["count"] for x in rs][0] == r["count"] and len(rs) == 2


def test_count_spots_reports_bad_input_as_python_errors():
    with pytest.raises(fovea.InvalidArgument, match="3D stacks"):
        fovea.count_spots(np.zeros((10, 10), np.uint16))
    with pytest.raises(fovea.InvalidArgument, match="voxel"):
        fovea.count_spots(np.zeros((4, 8, 8), np.uint16), voxel_size=(0, 1, 1))


def test_scope_run_reaches_a_python_listener(tmp_path):
    config = {
        "microscope": {"type": "simulator", "seed": 42, "stack": "tiny", "timeFactor": 0,
                       "startHours": 20},
        "analysis": {"type": "workflow"},
        # rules are data: a rule object inline (a file name or classpath:rules/... works too)
        "rules": [{"name": "many nuclei", "when": "spot_count > 0", "for": 2, "once": True,
                   "then": [{"mark": "nuclei seen"}, {"interval": "10 min"}]}],
        "run": {"interval": "30 min", "maxStacks": 3, "policy": "block"},
    }
    seen, lines, acquired = [], [], []

    class Listener:
        def analysed(self, progress):
            seen.append(progress)

        def message(self, line):
            lines.append(line)

        def acquired(self, time_point, hours, millis):  # any other Listener method, by name
            acquired.append(time_point)

    out = fovea.run_scope(config, tmp_path / "run", listener=Listener())
    assert out["analysed"] == 3 == len(seen)
    assert all(p["measurements"]["spot_count"] > 0 for p in seen)
    assert [p["time_point"] for p in sorted(seen, key=lambda p: p["time_point"])] == [0, 1, 2]
    decided = [d for p in seen for d in p["decisions"]]
    # "for": 2 -> the rule enters at the second stack; one logged decision per action
    assert [(d["rule"], d["time_point"], d["action"]) for d in decided] == [
        ("many nuclei", 1, 'mark "nuclei seen"'), ("many nuclei", 1, "interval 10 min")]
    assert decided == out["decisions"]
    assert out["events"][0]["name"] == "nuclei seen"
    assert seen[-1]["interval_minutes"] == pytest.approx(10)
    assert lines and (tmp_path / "run" / "summary.txt").exists()
    assert sorted(acquired) == [0, 1, 2]
    # a plain callable works too; a failing listener is raised after the run
    calls = []
    short = dict(config, run=dict(config["run"], maxStacks=2))
    fovea.run_scope(dict(short, rules=[]), tmp_path / "run2", listener=calls.append)
    assert len(calls) == 2

    def broken(progress):
        raise ValueError("listener bug")

    with pytest.raises(ValueError, match="listener bug"):
        fovea.run_scope(dict(short, run=dict(config["run"], maxStacks=1)), tmp_path / "run3",
                        listener=broken)


def test_scope_config_errors_are_python_errors(tmp_path):
    bad = {"microscope": {"type": "simulator"}, "rules": [{"name": "x", "when": "nonsense > 1",
                                                            "then": [{"mark": "m"}]}]}
    with pytest.raises(fovea.FoveaError, match="nonsense"):
        fovea.run_scope(bad, tmp_path / "r")
