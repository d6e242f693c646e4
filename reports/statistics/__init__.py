"""The Ministry's five statistics forms of thi đua, khen thưởng (biểu 0601.N–0605.N, Thông tư 02/2023/TT-BNV).

- ``layout``: how a form is described (a header tree of columns, rows with their code and what they count)
  and filled (cells summed from facts);
- ``forms_tt02``: the five forms as data, from ``docs/statistics-forms.md``;
- ``counting``: the facts, read from the database in a constant number of grouped queries;
- ``xlsx``: one sheet per form with its merged header, header block and signature block;
- ``builder``: the ``annual_statistics`` report kind's builder (period, parameters, forms).
"""
