// Checks of the deployment code (Terraform, GitHub workflows, k6 scenarios) that run
// without the terraform and k6 binaries: see test/.
export const repositoryRoot = new URL('../../../', import.meta.url).pathname;
