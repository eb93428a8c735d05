"""Cell text read as a list: typed bullets, numbers and line breaks become items without their marks;
prose with dashes, hyphens and negative numbers stays prose."""

from __future__ import annotations

import pytest

from mapbridge.exporters.deck.listtext import ListItem, list_items, strip_marker


def shown(text: str) -> list[tuple[str, str, int]]:
    return [(i.text, i.marker, i.number) for i in list_items(text)]


@pytest.mark.parametrize("mark", ["•", "·", "-", "–", "—", "*", "▪", "●"])
def test_typed_bullets_on_separate_lines_become_bulleted_items(mark):
    text = f"{mark} Rapid access to the account\n{mark} Building context from earlier calls"
    assert shown(text) == [
        ("Rapid access to the account", "bullet", 0),
        ("Building context from earlier calls", "bullet", 0),
    ]


def test_bullets_typed_on_one_line_are_separate_items():
    assert shown("• Rapid access to the account • Building context • Clear next steps") == [
        ("Rapid access to the account", "bullet", 0),
        ("Building context", "bullet", 0),
        ("Clear next steps", "bullet", 0),
    ]


def test_a_bullet_glyph_needs_no_space_after_it():
    assert shown("•Rapid access\n•Building context") == [
        ("Rapid access", "bullet", 0),
        ("Building context", "bullet", 0),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "1. Open the app\n2. Verify the ID\n3. Fund the account",
        "1) Open the app\n2) Verify the ID\n3) Fund the account",
        "(1) Open the app\n(2) Verify the ID\n(3) Fund the account",
        "a) Open the app\nb) Verify the ID\nc) Fund the account",
        "1. Open the app 2. Verify the ID 3. Fund the account",
        "a) Open the app b) Verify the ID c) Fund the account",
    ],
)
def test_numbered_items_carry_their_numbers_without_the_typed_marks(text):
    assert shown(text) == [
        ("Open the app", "number", 1),
        ("Verify the ID", "number", 2),
        ("Fund the account", "number", 3),
    ]


def test_a_list_typed_from_a_later_number_keeps_its_numbers():
    assert shown("3. Call back\n4. Close the case") == [
        ("Call back", "number", 3),
        ("Close the case", "number", 4),
    ]


def test_numbers_inside_an_item_do_not_start_new_items():
    # "2 accounts" has no mark after the number; "4." is not the next number (2.).
    assert shown("1. Open 2 accounts, rated 4. Then wait") == [
        ("Open 2 accounts, rated 4. Then wait", "number", 1)
    ]


def test_lines_without_marks_are_each_a_bulleted_item():
    assert shown("Rapid access to the account\nBuilding context\n\nClear next steps") == [
        ("Rapid access to the account", "bullet", 0),
        ("Building context", "bullet", 0),
        ("Clear next steps", "bullet", 0),
    ]


def test_a_lead_in_line_above_marked_items_has_no_bullet():
    assert shown("Needs:\n- a faster form\n- fewer documents") == [
        ("Needs:", "none", 0),
        ("a faster form", "bullet", 0),
        ("fewer documents", "bullet", 0),
    ]
    assert shown("Needs: • a faster form • fewer documents") == [
        ("Needs:", "none", 0),
        ("a faster form", "bullet", 0),
        ("fewer documents", "bullet", 0),
    ]


def test_an_item_wrapped_by_hand_stays_one_item():
    indented = "• Rapid access to the account\n  without logging in twice\n• Building context"
    lower = "- Rapid access to the account\nwithout logging in twice\n- Building context"
    for text in (indented, lower):
        assert shown(text) == [
            ("Rapid access to the account without logging in twice", "bullet", 0),
            ("Building context", "bullet", 0),
        ]


@pytest.mark.parametrize(
    "text",
    [
        "Well-known self-service flow",
        "Takes -5 minutes off the call - if that",
        "-5 °C outside the branch",
        "*Important*: the form times out",
        "Waits 1.5 days for the card",
        "Reads the FAQ, e.g. fees",
        "App • Email",
        "Rated 2. Then 3. more",
    ],
)
def test_prose_stays_one_paragraph_as_typed(text):
    assert list_items(text) == [ListItem(text, "none", 0)]


def test_one_marked_line_is_one_list_item():
    assert shown("- Call the bank") == [("Call the bank", "bullet", 0)]
    assert shown("2. Call the bank") == [("Call the bank", "number", 2)]


def test_spaces_are_tidied_and_blank_text_has_no_items():
    assert shown("  •   Rapid    access  ") == [("Rapid access", "bullet", 0)]
    assert list_items("") == [] and list_items(" \n  \n") == []


def test_windows_line_breaks_and_line_separators_split_items():
    assert shown("One\r\nTwo\u2028Three") == [
        ("One", "bullet", 0),
        ("Two", "bullet", 0),
        ("Three", "bullet", 0),
    ]


def test_strip_marker_takes_off_a_typed_mark_only():
    assert strip_marker("- App") == "App"
    assert strip_marker("1. App") == "App"
    assert strip_marker("-5%") == "-5%"
    assert strip_marker(" Call centre ") == "Call centre"
