#!/usr/bin/env bash
# Runs a one-off ECS task from the current Terraform root's outputs and fails unless
# its container exits 0: run-ecs-task.sh <task definition output> [command override JSON]
# (e.g. run-ecs-task.sh cli_task_definition_arn '["tenant:create","--slug","films","--name","Film Club"]').
set -euo pipefail
definition_output=$1
command_override=${2:-}

cluster=$(terraform output -raw cluster_name)
task_definition=$(terraform output -raw "$definition_output")
subnets=$(terraform output -json private_subnet_ids | jq -r 'join(",")')
security_group=$(terraform output -raw tasks_security_group_id)
container=$(aws ecs describe-task-definition --task-definition "$task_definition" --query 'taskDefinition.containerDefinitions[0].name' --output text)

overrides='{}'
if [ -n "$command_override" ]; then
  overrides=$(jq -cn --arg name "$container" --argjson command "$command_override" '{containerOverrides: [{name: $name, command: $command}]}')
fi

task=$(aws ecs run-task --cluster "$cluster" --task-definition "$task_definition" --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$security_group],assignPublicIp=DISABLED}" \
  --overrides "$overrides" --query 'tasks[0].taskArn' --output text)
echo "started $task ($container); waiting for it to stop"
aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"
exit_code=$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" --query 'tasks[0].containers[0].exitCode' --output text)
reason=$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" --query 'tasks[0].stoppedReason' --output text)
echo "$container exited with $exit_code ($reason); logs: CloudWatch group /ecs/<name>/$container"
[ "$exit_code" = 0 ]
