from reader.model.wording import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "cable") == "1 cable"
    assert counted(0, "cable") == "0 cables"
    assert counted(2301, "cable") == "2,301 cables"
    assert counted(2, "cable file") == "2 cable files"
    assert counted(3, "copy", "copies") == "3 copies"
    assert counted(1, "copy", "copies") == "1 copy"
