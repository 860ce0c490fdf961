"""The attainment table of /proyeksi: a short one as tall as its rows, a long one scrolls inside a fixed height so
that only the rows on screen are drawn (and measured) while the page's chart waits."""
from layouts import proyeksi
from layouts.proyeksi import ids


def grid(rows: int):
    page = proyeksi.layout(rows=[{"code": f"{i:02d}", "name": f"Wilayah {i}"} for i in range(rows)])

    def find(node):
        if getattr(node, "id", None) == ids.GRID:
            return node
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            found = find(child)
            if found is not None:
                return found
        return None

    return find(page)


def test_a_long_table_scrolls_inside_a_fixed_height():
    table = grid(38)
    assert len(table.rowData) == 38
    assert "domLayout" not in table.dashGridOptions
    assert table.style["height"] == proyeksi.SCROLL_HEIGHT


def test_a_short_table_is_as_tall_as_its_rows():
    table = grid(proyeksi.FULL_HEIGHT_ROWS)
    assert table.dashGridOptions["domLayout"] == "autoHeight"
    assert "height" not in table.style
