"""Qt widgets: main window, filter pane, document view."""
