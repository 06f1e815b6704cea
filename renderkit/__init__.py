"""The render pipeline behind ``render.py``, in five folders; this is its one reading guide.

Read it in the order a run goes. Each folder imports only from the folders below it in
this list (``cli`` -> ``jobs`` -> ``pages`` -> ``outputs`` -> ``plan``), and no module
imports the one that calls it.

``cli/`` -- what ``render.py`` reads and prints

- :mod:`~renderkit.cli.options`: the options, in groups, read into a typed ``Options``;
  :mod:`~renderkit.cli.clikit`: one-line usage errors, ``WxH``, exit codes, SIGTERM.
- :mod:`~renderkit.cli.preflight`: before anything is written: LaTeX present, the output
  folder and the TeX cache writable, the output folder's lock.
- :mod:`~renderkit.cli.report`: the summary table and the one-line reports.

``plan/`` -- what a run will render, decided before any process starts

- :mod:`~renderkit.plan.quality`: the quality presets and their labels.
- :mod:`~renderkit.plan.variants`: ``--set``/``--config`` values checked against each
  scene's declared parameters; ``--params``.
- :mod:`~renderkit.plan.spec`: one job's settings (:class:`RenderSpec`) and where its
  files go.
- :mod:`~renderkit.plan.fingerprint`: a scene's inputs as one hash (its files and what
  they import from the project, the settings, manim's version);
  :mod:`~renderkit.plan.beatcode`: what one beat's code reads of its module (the
  definitions it names, transitively), and the module with its captions blanked.

``jobs/`` -- running the render

- :mod:`~renderkit.jobs.pipeline`: one pass: which scenes are out of date, their jobs,
  the manifest, the lecture, the full cut, the gallery; and the ``--watch`` loop (on
  :mod:`~renderkit.jobs.watch`, file-system events).
- :mod:`~renderkit.jobs.layoutcheck`: a variant's layout probed before it renders.
- :mod:`~renderkit.jobs.beats`: beat jobs: one pass that skips the cached beats, the
  scene's plan, a caption-only update without a job, the dry run and splitting a scene
  over cores, assembling it from its beat clips.
- :mod:`~renderkit.jobs.runner`: the job processes, at most ``-j`` at once, with the
  progress line; :mod:`~renderkit.jobs.cluster`: the same jobs on Dask workers.
- :mod:`~renderkit.jobs.protocol`: how the parent and a job talk: the file names, the
  outcome and its statuses, the beat cache, the project root, the one way to start a job.
- :mod:`~renderkit.jobs.worker`: one job in its own process (the only module that
  imports manim); :mod:`~renderkit.jobs.beatjob`: the scene wrapped to fingerprint each
  beat's start and render or skip it.

``pages/`` -- what a person opens

- :mod:`~renderkit.pages.gallery`: ``index.html``, every clip with its poster and an
  embed snippet.
- :mod:`~renderkit.pages.lecture`: ``--present``/``--pptx`` for a pass, on
  :mod:`~renderkit.pages.present` (the browser presenter) and :mod:`~renderkit.pages.deck`
  (the PowerPoint deck).
- :mod:`~renderkit.pages.transcript`: each clip's text alternative,
  ``<stem>.transcript.html`` (equations as MathML, charts as tables) and ``.md``, from the
  screen descriptions the beat jobs record; the explainer's, a part per scene.
- :mod:`~renderkit.pages.templating`: the Jinja2 environment over ``pages/templates/``.

``outputs/`` -- the published files

- :mod:`~renderkit.outputs.publish`: one scene's files from its beat clips (video,
  poster, captions, section clips) and its manifest entry; :mod:`~renderkit.outputs.cut`:
  the joined explainer, on :mod:`~renderkit.outputs.concat` (stream-copy joining,
  chapters inside).
- :mod:`~renderkit.outputs.captions`: SRT and WebVTT in and out, cut and joined.
- :mod:`~renderkit.outputs.media`: PyAV: probe, remux, posters, GIFs.
- :mod:`~renderkit.outputs.manifest`: ``manifest.json`` and its entry types;
  :mod:`~renderkit.outputs.adopt` rebuilds an unreadable one from the files.
- :mod:`~renderkit.outputs.files`: the one atomic writer (a temporary beside the file,
  moved in when complete) and the sweep of temporaries a stopped run left.

Nothing here imports manim except the job process (:mod:`~renderkit.jobs.worker` and
:mod:`~renderkit.jobs.beatjob`), so listing scenes and the nothing-changed path stay fast.
"""
