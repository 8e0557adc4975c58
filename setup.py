"""The package's compiled parts: the line model's tree walk (pipelines/core/model/_walk.c) and the text cleaner's
line scan (pipelines/core/clean/_scan.c).

Everything else is in pyproject.toml. Both extensions are optional: where no C compiler is at hand the install
still succeeds, the loader walks the trees with numpy and split_lines scans in Python (the same results, slower;
`loader.WALK` and `lines.SCAN` tell which).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension(name, [source], optional=True, extra_compile_args=["-O2"])
                   for name, source in (("pipelines.core.model._walk", "pipelines/core/model/_walk.c"),
                                        ("pipelines.core.clean._scan", "pipelines/core/clean/_scan.c"))])
