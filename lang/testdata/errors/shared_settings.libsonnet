// Settings a team shares between its experiments; one is misspelt.
{
  sampling+: {
    temperature: 0.6,
    top_pp: 0.95,
  },
}
