"""The spot-counting workflow and the smart-microscopy run, from Python."""

import json
import os

import jpype
import numpy as np

from ._errors import InvalidArgument, java_errors
from ._image import Image, _j, get_device, push


def _settings(voxel_size, sigma1, sigma2, prominence, long_axis, bounding_box_threshold,
              wrap_margin, keep_projection):
    wf = _j("org.fovea.ops.workflow.SpotCountingWorkflow")
    s = wf.Settings.defaults()
    if voxel_size is not None:
        z, y, x = (float(v) for v in voxel_size)
        s = s.withVoxel(x, y, z)
    if sigma1 is not None or sigma2 is not None:
        s = s.withSigmas(float(s.sigma1() if sigma1 is None else sigma1),
                         float(s.sigma2() if sigma2 is None else sigma2))
    if prominence is not None:
        s = s.withProminence(float(prominence))
    if long_axis is not None:
        s = s.withLongAxis(wf.LongAxis.valueOf(str(long_axis).upper()))
    if bounding_box_threshold is not None:
        s = s.withBoundingBoxThreshold(float(bounding_box_threshold))
    if wrap_margin is not None:
        s = s.withWrapMargin(float(wrap_margin))
    return s.withKeepProjection(bool(keep_projection)).withTimeSteps(False)


def _result(r):
    bb = r.boundingBox()
    out = {
        "count": int(r.count()),
        "bounding_box_um": None if bb is None else {
            "x": float(bb.x()), "y": float(bb.y()), "z": float(bb.z()),
            "width": float(bb.width()), "height": float(bb.height()), "depth": float(bb.depth())},
        "total_ms": float(r.totalMillis()),
        "spots": np.asarray(r.spots()).copy() if r.spots() is not None else np.zeros(0, np.int32),
    }
    if r.projection() is not None:
        out["projection"] = np.asarray(r.projection()).reshape(
            int(r.projectionHeight()), int(r.projectionWidth())).copy()
    return out


def count_spots(stacks, voxel_size=None, sigma1=None, sigma2=None, prominence=None,
                long_axis=None, bounding_box_threshold=None, wrap_margin=None,
                keep_projection=False):
    """The CLIJ talk's spot counting (DoG → isotropic → radial reslice → cylinder projection →
    Find Maxima) on the GPU: ``fovea count-spots`` for numpy stacks.

    ``stacks``: one 3D array (z, y, x) or fovea.Image, or an iterable of them (the GPU buffers are
    reused from stack to stack). ``voxel_size`` is (z, y, x) in µm (default 2, 0.52, 0.52 as in the
    talk); ``sigma1``/``sigma2`` (default 2 and 6 pixels), ``prominence`` (5), ``long_axis`` ("Y")
    etc. as in ``SpotCountingWorkflow.Settings``. Returns a dict (``count``, ``bounding_box_um``,
    ``total_ms``, ``spots`` as projection pixel indices, ``projection`` when asked) or a list of
    them for several stacks.
    """
    single = isinstance(stacks, (np.ndarray, Image))
    items = [stacks] if single else list(stacks)
    with java_errors():
        settings = _settings(voxel_size, sigma1, sigma2, prominence, long_axis,
                             bounding_box_threshold, wrap_margin, keep_projection)
    gpu = get_device()
    wf = None
    results = []
    try:
        with java_errors():
            wf = _j("org.fovea.ops.workflow.SpotCountingWorkflow")(gpu, settings)
        for s in items:
            if not isinstance(s, Image) and np.ndim(s) != 3:
                raise InvalidArgument("count_spots needs 3D stacks (z, y, x), got shape %s"
                                      % (np.shape(s),))
            img = push(s, gpu)
            try:
                with java_errors():
                    results.append(_result(wf.process(img._j)))
            finally:
                if img is not s:
                    img.close()
    finally:
        if wf is not None:
            wf.close()
    return results[0] if single else results


def _py(v):
    """Java values of a Progress/Decision as plain Python."""
    if v is None:
        return None
    if isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, jpype.JString):
        return str(v)
    if isinstance(v, _j("java.util.Map")):
        return {str(k): _py(v.get(k)) for k in v.keySet()}
    if isinstance(v, _j("java.util.List")):
        return [_py(x) for x in v]
    if isinstance(v, _j("java.lang.Boolean")):
        return bool(v.booleanValue())
    if isinstance(v, _j("java.lang.Number")):
        d = float(v.doubleValue())
        return int(v.longValue()) if isinstance(v, (_j("java.lang.Integer"),
                                                    _j("java.lang.Long"))) else d
    if isinstance(v, _j("java.lang.Record")):
        out = {}
        for c in v.getClass().getRecordComponents():
            out[_snake(str(c.getName()))] = _py(c.getAccessor().invoke(v))
        return out
    return str(v)


def _snake(name):
    from ._ops import snake_case

    return snake_case(name)


def _listener(listener):
    """A Java AcquisitionLoop.Listener calling a Python callable (progress dicts) or an object with
    ``analysed(progress)``, ``message(line)`` and any other method of the Java interface by its
    snake_case name (``started``, ``acquired``, ``stored``, ...; arguments as plain Python). Built
    from the interface's methods, so methods added in Java later are handled (ignored unless the
    object has them)."""
    errors = []
    intf = _j("org.fovea.scope.AcquisitionLoop$Listener")

    def target(name):
        fn = getattr(listener, _snake(name), None)
        if fn is None and name == "analysed" and callable(listener):
            fn = listener  # a plain callable gets the progress of every stack
        return fn

    def handler(fn, name):
        def call(*args):
            if fn is None:
                return None
            try:
                if name == "message":
                    fn(str(args[0]))
                else:
                    fn(*[_py(a) for a in args])
            except Exception as e:  # reported after the run, never into the Java loop
                errors.append(e)
            return None

        return call

    handlers = {}
    for m in intf.class_.getMethods():
        name = str(m.getName())
        handlers[name] = handler(target(name), name)
    return jpype.JProxy(intf, dict=handlers), errors


def run_scope(config, out_dir, listener=None):
    """Runs a smart-microscopy experiment (``fovea scope``) and returns its outcome as a dict.

    ``config``: a dict in the JSON format of examples/scope/*.json (microscope, analysis, rules,
    run), a path to such a file, or "demo". Rules stay data: file names (relative to the
    configuration's folder, or ``classpath:rules/...``) or rule objects ({"name", "when", "for",
    "then": [...]}) inside the dict. ``out_dir`` must not exist yet (or be empty): the run folder
    with stacks, measurements, decisions and the plot. ``listener`` gets every analysed stack as
    a dict (time_point, hours, status, measurements, interval_minutes, in_burst, decisions, ...):
    a callable, or an object with ``analysed(progress)`` and ``message(line)``; an exception in it
    is raised after the run.
    """
    ScopeRun = _j("org.fovea.scope.ScopeRun")
    Path = _j("java.nio.file.Path")
    with java_errors():
        if isinstance(config, dict):
            run = ScopeRun.parse(json.dumps(config), "python", Path.of(os.getcwd()))
        elif str(config) == "demo":
            run = ScopeRun.demo()
        else:
            run = ScopeRun.load(Path.of(os.fspath(config)))
    bridge, errors = (None, []) if listener is None else _listener(listener)
    with java_errors():
        outcome = run.run(get_device(), Path.of(os.fspath(out_dir)), bridge)
    if errors:
        raise errors[0]
    r = outcome.result()
    res = _py(r)
    res["folder"] = str(outcome.folder())
    res["summary"] = str(outcome.summary())
    return res
