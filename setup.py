"""The package's one compiled part: the line model's tree walk (pipelines/core/model/_walk.c).

Everything else is in pyproject.toml. The extension is optional: where no C compiler is at hand the install
still succeeds and the loader walks the trees with numpy (the same scores, slower; `loader.WALK` tells which).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("pipelines.core.model._walk", ["pipelines/core/model/_walk.c"], optional=True,
                             extra_compile_args=["-O2"])])
