"""Everything is in pyproject.toml except this: prompts/ stays at the top level, where people
edit it, and ships inside the wheel as `rag/bundled_prompts/` (read by `rag/prompts.py`)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["rag", "rag.*"]), "rag.bundled_prompts"],
    package_dir={"rag.bundled_prompts": "prompts"},  # its files: package-data in pyproject.toml
)
