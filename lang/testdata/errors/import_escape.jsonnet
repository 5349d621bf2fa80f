(import '../../../go.mod') + {}
