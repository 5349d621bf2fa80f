package render

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"

	"github.com/aimo-dev/aimo/reports/eval"
)

//go:embed report.html.tmpl
var htmlSource string

// page is the template's data.
var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":       pct,
	"pctOrDash": pctOrDash,
	"pval":      pValue,
	"marks":     marks,
	"f2":        func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) },
	"f1":        func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
	"isNaN":     math.IsNaN,
	"interval":  interval,
	"signed":    func(x float64) string { return fmt.Sprintf("%+.3f", x) },
	"orDash":    orDash,
	"deref":     func(p *float64) float64 { return *p },
}).Parse(htmlSource))

type htmlData struct {
	*Report
	D       *Document
	Plots   []htmlPlot
	Boards  []htmlBoard
	Voting  *votingTable
	Curves  htmlCurves
	Drill   []problemView
	DrillOn string
	Best    []*Entry
	// CostNote says the cache recorded no tokens.
	CostNote bool
}

type htmlPlot struct {
	Name, Title string
	Src         template.URL
}

type htmlBoard struct {
	Set        string
	Problems   int
	Entries    []*Entry
	Correction string
	// Setting says which samples a setting votes on (eval.SettingNote).
	Setting string
}

// htmlCurves is the k-curves table; Many says avg@k and G-Pass@k columns
// are shown (some pool has more than one sample per problem).
type htmlCurves struct {
	Rows []curveRow
	Many bool
	Note string
}

// HTML writes report.html: one self-contained page with the charts inlined
// as data URLs (svgs, by figure name), sortable tables and a drill-down of
// every sample of the selected configuration. html/template escapes all
// model output.
func (rep *Report) HTML(w io.Writer, svgs map[string][]byte) error {
	d := rep.Doc
	data := htmlData{Report: rep, D: d, Voting: d.votingGrid(), Drill: rep.drill, CostNote: rep.costNote != 0}
	if d.Selection != nil {
		data.DrillOn = d.Selection.On
	}
	for _, f := range rep.figures {
		src := "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svgs[f.Name])
		data.Plots = append(data.Plots, htmlPlot{Name: f.Name, Title: f.Title, Src: template.URL(src)})
	}
	for _, s := range d.Sets {
		data.Boards = append(data.Boards, htmlBoard{Set: s.Name, Problems: s.Problems, Entries: d.ranked(s.Name), Correction: s.CorrectionLine(), Setting: eval.SettingNote})
	}
	data.Curves = htmlCurves{Rows: d.curveRows(), Many: d.multiSample(), Note: curvesNote}
	if ranked := d.ranked(d.selectionSet()); len(ranked) > 0 {
		data.Best = ranked[:1]
	}
	if err := page.Execute(w, data); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	return nil
}
