"""The folders a rebuild is advised from (`rag.roots`): pure path logic."""

from __future__ import annotations

from rag.roots import common_roots, reset_command


def test_roots_drop_folders_inside_others_and_name_what_a_walk_passes_over():
    paths = ["/a/b/x.txt", "/a/y.txt", "/c/.hidden/z.txt", "/c/w.txt", "/a/.n.txt", "upload:u.txt"]
    assert common_roots(paths) == ["/a", "/c", "/a/.n.txt", "/c/.hidden/z.txt"]
    assert common_roots(["/a/node_modules/m.txt"]) == ["/a/node_modules"]  # its own root: walked


def test_reset_command_quotes_and_asks_for_uploads_again():
    assert reset_command(["/my docs/a.txt"]) == "`rag ingest --reset '/my docs'`"
    assert reset_command(["/a/x.txt", "upload:u.txt"]).endswith(
        "upload its 1 uploaded file(s) again"
    )
