package main

func runDoctor(u *ui, args []string) error {
	return runStatus(u, args)
}
