"""``python -m roadmapi18n`` is the same as the ``roadmapi18n`` command."""

from roadmapi18n.launch import main

main()
