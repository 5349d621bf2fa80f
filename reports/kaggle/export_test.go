package kaggle

// testConfig is a complete config for an AIMO3 export of a small model.
func testConfig() *Config {
	return &Config{
		Experiment: "test", Cell: "qwen/step_by_step", Setting: "majority@8 stop4",
		Model: Model{Path: "Qwen/Qwen2.5-Math-7B-Instruct", Dtype: "bfloat16", MaxModelLen: 4096, GPUMemoryUtilization: 0.9},
		Prompt: Prompt{Format: "chat", User: "{problem}\nPlease reason step by step, and put your final answer within \\boxed{}.",
			Examples: []Example{{User: "1+1?", Assistant: "\\boxed{2}"}}},
		Sampling:     Sampling{Temperature: 0.7, TopP: 0.8, MaxTokens: 2048, Logprobs: 5, Seed: 7},
		Extraction:   Extraction{Fallbacks: []string{"final_answer", "gsm8k", "answer_colon", "last_number"}, Lo: 0, Hi: 99999},
		Voting:       Voting{Method: "majority", Attempts: 8, EarlyStop: 4},
		Time:         Time{TotalS: 18000, Problems: 50, ReserveS: 300, LowS: 300, HighS: 900},
		LocalTestCSV: "test.csv",
	}
}
