package kaggle

// testConfig is a complete config for an AIMO3 export of a small model.
func testConfig() *Config {
	dtype, maxLen, util := "bfloat16", 4096, 0.9
	return &Config{
		Experiment: "test", Cell: "qwen/step_by_step", Setting: "majority@8 stop4",
		Model: Model{Path: "/kaggle/input/qwen2.5-math/transformers/7b-instruct/1",
			Engine: Engine{Dtype: &dtype, MaxModelLen: &maxLen, GPUMemoryUtilization: &util, Seed: 7}},
		Prompt: Prompt{Format: "chat", User: "{problem}\nPlease reason step by step, and put your final answer within \\boxed{}.",
			Examples: []Example{{User: "1+1?", Assistant: "\\boxed{2}"}}},
		Sampling:     Sampling{Temperature: 0.7, TopP: 0.8, MaxTokens: 2048, Logprobs: 5, Seed: 7},
		Extraction:   Extraction{Fallbacks: []string{"final_answer", "gsm8k", "answer_colon", "last_number"}, Lo: 0, Hi: 99999},
		Voting:       Voting{Method: "majority", Attempts: 8, EarlyStop: 4},
		Time:         Time{TotalS: 18000, MarginS: 600, Problems: 50, ReserveS: 300, LowS: 300, HighS: 900, GraceS: 30},
		LocalTestCSV: "test.csv",
	}
}
