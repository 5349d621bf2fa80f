"""Stand-in for the little of polars the AIMO3 API uses."""


class Series:
    def __init__(self, name, values):
        self.name, self.values = name, list(values)

    def item(self, i=0):
        return self.values[i]

    def to_list(self):
        return list(self.values)


class DataFrame:
    def __init__(self, data):
        self.columns = list(data)
        self.data = {k: v.to_list() if isinstance(v, Series) else list(v) for k, v in data.items()}

    def __getitem__(self, name):
        return Series(name, self.data[name])

    @property
    def height(self):
        return len(next(iter(self.data.values()), []))
