from knowledge.counts import counted


def test_one_takes_the_singular() -> None:
    assert counted(1, "Satz", "Sätze") == "1 Satz"


def test_zero_and_more_take_the_plural() -> None:
    assert counted(0, "file", "files") == "0 files"
    assert counted(2, "Nachrichtenartikel", "Nachrichtenartikeln") == "2 Nachrichtenartikeln"
