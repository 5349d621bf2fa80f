local x = ; {}
